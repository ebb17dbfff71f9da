import { mockCredentials, TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { TriageProvider } from '@lookout/plugin-incidents-node';
import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createTestDatabases } from '../__testUtils__/databases';
import { entity, withBothSides } from '../graph/__testUtils__/entities';
import { createTriageHarness } from './__testUtils__/harness';
import { createSenders, firingAlert as alert } from './__testUtils__/senders';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const user = mockCredentials.user();

/** web (customer-facing, tier 1) → orders → db; each owned by a team with one member. */
function catalog(): Entity[] {
  const owned = (
    ref: string,
    owner: string,
    relations: Array<[string, string]> = [],
  ) => entity(ref, [['ownedBy', owner], ...relations]);
  const web = owned('component:default/web', 'group:default/web-team', [
    ['dependsOn', 'component:default/orders'],
  ]);
  web.metadata.annotations = {
    'lookout.dev/tier': '1',
    'lookout.dev/customer-facing': 'true',
    'lookout.dev/status-page-component': 'Website',
    'lookout.dev/runbooks': 'https://runbooks.example/web.md',
  };
  const db = owned('resource:default/db', 'group:default/dba');
  db.metadata.annotations = {
    'lookout.dev/runbooks': 'https://runbooks.example/db.md',
  };
  return withBothSides([
    web,
    owned('component:default/orders', 'group:default/orders-team', [
      ['dependsOn', 'resource:default/db'],
    ]),
    db,
    entity('group:default/web-team', [['hasMember', 'user:default/ann']]),
    entity('group:default/orders-team', [['hasMember', 'user:default/cy']]),
    entity('group:default/dba', [['hasMember', 'user:default/bo']]),
    entity('user:default/ann'),
    entity('user:default/bo'),
    entity('user:default/cy'),
  ]);
}

describe('TriageService', () => {
  const databases = createTestDatabases();

  async function start(
    databaseId: TestDatabaseId,
    options: { config?: JsonObject; triageProviders?: TriageProvider[] } = {},
  ) {
    const knex = await databases.init(databaseId);
    const { services, store, logger } = await createTriageHarness({
      knex,
      entities: catalog(),
      ...options,
    });
    const { ingest, deploy: change } = await createSenders(services);
    return { services, store, logger, knex, change, ingest };
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('triages an incident as an alert opens it, and again as more alerts attach', async () => {
      const { services, logger, change, ingest } = await start(databaseId);
      const now = Date.now();
      await change(
        'resource:default/db',
        'Migrate orders table',
        new Date(now - 7 * MINUTE),
      );
      await change(
        'component:default/orders',
        'Deploy orders v41',
        new Date(now - 9 * 60 * MINUTE),
      );
      const opened = await ingest(
        alert('WebErrors', 'component:default/web', new Date(now - 2 * MINUTE)),
      );
      const [id] = opened.incidents;
      await services.triage.idle();

      const triage = await services.triage.get(id, user);
      expect(logger.warnings).toEqual([]);
      expect(triage).toMatchObject({
        incidentId: id,
        trigger: 'declared',
        gaps: [],
      });
      expect(triage.severity).toMatchObject({
        id: 'severity',
        severity: 'SEV1',
        facts: {
          customerFacing: ['component:default/web'],
          bestTier: 1,
          alertLevel: 'critical',
        },
      });
      expect(triage.causes.map(c => c.entityRef)).toEqual([
        'resource:default/db',
        'component:default/web',
        'component:default/orders',
      ]);
      expect(triage.causes[0]).toMatchObject({
        id: 'cause:resource:default/db',
        distance: 2,
        path: ['component:default/orders', 'resource:default/db'],
        ownerRef: 'group:default/dba',
      });
      expect(triage.causes[0].reasons[0].text).toBe(
        'change "Migrate orders table" 5 minutes before the incident began',
      );
      expect(triage.responders.map(r => [r.userRef, r.groupRef])).toEqual([
        ['user:default/ann', 'group:default/web-team'],
        ['user:default/bo', 'group:default/dba'],
      ]);
      expect(triage.responders[1].reasons[0].text).toMatch(
        /^on call for dba, which owns db, probable cause/,
      );
      expect(triage.runbooks.map(r => r.url)).toEqual([
        'https://runbooks.example/db.md',
        'https://runbooks.example/web.md',
      ]);
      expect(triage.statusDraft).toMatch(
        /^\*\*Investigating\*\* — We are seeing a major outage affecting Website, since/,
      );
      expect(triage.timelineSummary).toMatch(/1 alert attached/);
      // the integration is named, not shown as its id
      expect(triage.timelineSummary).toMatch(
        /declared SEV\d on web by the Prometheus integration/,
      );

      // a second alert on the same entity joins the incident: triage runs again
      await ingest(
        alert(
          'WebLatency',
          'component:default/web',
          new Date(now - MINUTE),
          'warning',
        ),
      );
      await services.triage.idle();
      const again = await services.triage.get(id, user);
      expect(again.trigger).toBe('change');
      expect(again.timelineSummary).toMatch(/2 alerts attached/);
    });

    it('on shutdown drops what waits to settle and lets what runs finish', async () => {
      const { services, ingest } = await start(databaseId, {
        config: { incidents: { triage: { recomputeDelay: { seconds: 60 } } } },
      });
      const now = Date.now();
      const opened = await ingest(
        alert('WebErrors', 'component:default/web', new Date(now - MINUTE)),
      );
      const [id] = opened.incidents;
      // the new incident's triage is running; a second alert waits to settle
      await ingest(
        alert('WebLatency', 'component:default/web', new Date(now), 'warning'),
      );
      await services.triage.stop();
      const stored = await services.triage.get(id, user);
      expect(stored.trigger).toBe('declared');
      // nothing is left behind: idle() finds no settling incident to run now
      await services.triage.idle();
      expect((await services.triage.get(id, user)).trigger).toBe('declared');
    });

    it('finds similar past incidents, with their postmortems and causes', async () => {
      const { services, store, ingest } = await start(databaseId);
      const past = (title: string, entityRef: string, hoursAgo: number) =>
        store.createIncident(
          {
            title,
            description: '',
            severity: 'SEV2',
            status: 'resolved',
            entityRef,
            impactedEntityRefs: [],
            ownerRef: null,
            source: 'manual',
            createdBy: 'user:default/ann',
            declaredAt: new Date(
              Date.now() - hoursAgo * 60 * MINUTE,
            ).toISOString(),
          },
          [],
        );
      const pool = await past(
        'Web checkout errors: connection pool exhausted',
        'component:default/web',
        300,
      );
      await past('Web design review', 'component:default/web', 200);
      await past('Printer out of paper', 'component:default/orders', 100);
      const postmortem = await services.postmortems.create(
        { incidentId: pool.id },
        user,
      );
      await services.postmortems.update(
        postmortem.id,
        {
          version: postmortem.version,
          rootCauseEntityRef: 'resource:default/db',
        },
        user,
      );
      const section = postmortem.sections.find(s => !s.derived)!;
      await services.postmortems.updateSection(
        postmortem.id,
        section.key,
        {
          body: 'The db connection pool was exhausted by a batch job.',
          version: section.version,
        },
        user,
      );

      const opened = await ingest(
        alert(
          'PoolExhausted',
          'component:default/web',
          new Date(),
          'critical',
          'Connection pool exhausted on web',
        ),
      );
      await services.triage.idle();
      const triage = await services.triage.get(opened.incidents[0], user);

      expect(triage.similar[0]).toMatchObject({
        id: `similar:${pool.id}`,
        incidentId: pool.id,
        postmortem: {
          id: postmortem.id,
          rootCauseEntityRef: 'resource:default/db',
          excerpt: expect.stringContaining('exhausted by a batch job'),
        },
      });
      expect(triage.similar[0].reasons.map(r => r.text)).toContainEqual(
        expect.stringMatching(/^the symptoms in the same words: .*"pool"/),
      );
      expect(triage.similar.map(s => s.incidentId)).not.toContain('INC-3');
      expect(triage.causes[0].entityRef).toBe('resource:default/db');
      expect(triage.causes[0].reasons[0].text).toBe(
        `earlier incident on the origin (${pool.id}): its postmortem named it the root cause`,
      );
    });

    it('records verdicts per responder and counts them', async () => {
      const { services, ingest } = await start(databaseId);
      const opened = await ingest(
        alert('WebErrors', 'component:default/web', new Date()),
      );
      const id = opened.incidents[0];
      await services.triage.idle();
      const ann = mockCredentials.user('user:default/ann');
      const bo = mockCredentials.user('user:default/bo');

      await services.triage.feedback(
        id,
        { suggestionId: 'severity', verdict: 'wrong' },
        ann,
      );
      await services.triage.feedback(
        id,
        { suggestionId: 'severity', verdict: 'right' },
        ann,
      );
      await services.triage.feedback(
        id,
        { suggestionId: 'severity', verdict: 'right' },
        bo,
      );
      await services.triage.feedback(
        id,
        { suggestionId: 'cause:component:default/web', verdict: 'wrong' },
        bo,
      );
      await expect(
        services.triage.feedback(
          id,
          { suggestionId: 'cause:component:default/ghost', verdict: 'right' },
          bo,
        ),
      ).rejects.toThrow(/has no suggestion 'cause:component:default\/ghost'/);

      expect((await services.triage.get(id, bo)).verdicts).toEqual({
        severity: 'right',
        'cause:component:default/web': 'wrong',
      });
      expect(await services.triage.feedbackSummary(user)).toEqual({
        total: { right: 2, wrong: 1 },
        byKind: {
          severity: { right: 2, wrong: 0 },
          cause: { right: 0, wrong: 1 },
          similar: { right: 0, wrong: 0 },
          runbook: { right: 0, wrong: 0 },
          responder: { right: 0, wrong: 0 },
        },
        precision: {
          severity: 1,
          cause: 0,
          similar: null,
          runbook: null,
          responder: null,
        },
      });
    });
  });

  describe('with a language model behind an OpenAI-compatible API', () => {
    let server: Server;
    const received: any[] = [];

    beforeAll(async () => {
      // a local stand-in for the model server, answering as the chat completions API does
      server = createServer((req, res) => {
        let body = '';
        req.on('data', chunk => (body += chunk));
        req.on('end', () => {
          received.push({
            url: req.url,
            auth: req.headers.authorization,
            body: JSON.parse(body),
          });
          res.setHeader('Content-Type', 'application/json');
          res.end(
            JSON.stringify({
              id: 'chatcmpl-1',
              object: 'chat.completion',
              choices: [
                {
                  index: 0,
                  message: {
                    role: 'assistant',
                    content: 'Check **db** first: it changed minutes before.',
                  },
                  finish_reason: 'stop',
                },
              ],
            }),
          );
        });
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
    });

    afterAll(() => server.close());

    it('adds the model’s note when configured, and asks nothing when not', async () => {
      const { port } = server.address() as AddressInfo;
      const off = await start('SQLITE_3');
      const first = await off.ingest(
        alert('WebErrors', 'component:default/web', new Date()),
      );
      await off.services.triage.idle();
      expect(
        (await off.services.triage.get(first.incidents[0], user)).assistant,
      ).toEqual([]);
      expect(received).toEqual([]);

      const on = await start('SQLITE_3', {
        config: {
          incidents: {
            triage: {
              llm: {
                enabled: true,
                baseUrl: `http://127.0.0.1:${port}/v1`,
                model: 'local-model',
                apiKey: 'sk-test',
              },
            },
          },
        },
      });
      const opened = await on.ingest(
        alert('WebErrors', 'component:default/web', new Date()),
      );
      await on.services.triage.idle();
      const triage = await on.services.triage.get(opened.incidents[0], user);
      expect(triage.assistant).toEqual([
        {
          provider: 'openai-compatible:local-model',
          text: 'Check **db** first: it changed minutes before.',
          at: expect.any(String),
        },
      ]);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({
        url: '/v1/chat/completions',
        auth: 'Bearer sk-test',
        body: {
          model: 'local-model',
          messages: [{ role: 'system' }, { role: 'user' }],
        },
      });
      expect(received[0].body.messages[1].content).toMatch(
        /Incident INC-1: WebErrors is failing[\s\S]*Probable causes:/,
      );

      // an alert attaching recomputes the triage but keeps the note without asking again
      await on.ingest(
        alert('WebLatency', 'component:default/web', new Date(), 'warning'),
      );
      await on.services.triage.idle();
      const recomputed = await on.services.triage.get(
        opened.incidents[0],
        user,
      );
      expect(recomputed.trigger).toBe('change');
      expect(recomputed.assistant).toEqual(triage.assistant);
      expect(received).toHaveLength(1);
      // a responder's refresh asks again
      await on.services.triage.refresh(opened.incidents[0], user);
      await on.services.triage.idle();
      expect(received).toHaveLength(2);
    });

    it('keeps the triage when a provider fails', async () => {
      const failing: TriageProvider = {
        name: 'broken',
        annotate: async () => {
          throw new Error('model server down');
        },
      };
      const { services, logger, ingest } = await start('SQLITE_3', {
        triageProviders: [failing],
      });
      const opened = await ingest(
        alert('WebErrors', 'component:default/web', new Date()),
      );
      await services.triage.idle();
      const triage = await services.triage.get(opened.incidents[0], user);
      expect(triage.causes.length).toBeGreaterThan(0);
      expect(triage.assistant).toEqual([]);
      expect(logger.warnings).toContainEqual(
        expect.stringMatching(
          /Triage provider broken failed for INC-1: Error: model server down/,
        ),
      );
    });
  });
});
