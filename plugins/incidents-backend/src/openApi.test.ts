import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_STATUS_PAGE_COMPONENT } from '@lookout/plugin-incidents-common';
import { createHmac } from 'node:crypto';
import { Server } from 'node:http';
import request from 'supertest';
import { startIncidentsBackend } from './__testUtils__/backend';
import {
  BASE_PATH,
  checkSupertestAnswers,
  exercised,
  openApiContract,
  OperationKey,
} from './__testUtils__/openApiContract';
import {
  followRefs,
  resolveSchema,
  sampleOf,
} from './__testUtils__/openApiSamples';
import { loadOpenApiDocument } from './router';

jest.setTimeout(120_000);

// Every answer below is checked against openapi.yaml by the supertest hook (closed objects,
// types, required fields, documented statuses); this file makes sure each documented operation
// gets at least one such answer, and that the routers' zod schemas take what the document says.
checkSupertestAnswers();

const ME = 'user:default/mock';
const SERVICE = 'component:default/checkout';
const TEAM = 'group:default/team';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout',
      namespace: 'default',
      annotations: { [ANNOTATION_STATUS_PAGE_COMPONENT]: 'Checkout' },
    },
    spec: { type: 'service', owner: TEAM, system: 'shop' },
    relations: [
      { type: 'ownedBy', targetRef: TEAM },
      { type: 'partOf', targetRef: 'system:default/shop' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'shop', namespace: 'default' },
    spec: { owner: TEAM },
    relations: [{ type: 'ownedBy', targetRef: TEAM }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team', namespace: 'default' },
    spec: { type: 'team', children: [], members: ['mock'] },
    relations: [{ type: 'hasMember', targetRef: ME }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'mock', namespace: 'default' },
    spec: { profile: { email: 'mock@example.com' }, memberOf: ['team'] },
    relations: [{ type: 'memberOf', targetRef: TEAM }],
  },
];

const inHours = (hours: number) =>
  new Date(Date.now() + hours * 3_600_000).toISOString();

/**
 * Values by field name that a sample from the document alone cannot know: what is in the
 * catalog, the ids of things made on the way, a time range that ends after it starts (the
 * `slot`-th, so two samples of one operation do not overlap).
 */
const values = (
  ids: Record<string, string>,
  slot = 0,
): Record<string, unknown> => ({
  entityRef: SERVICE,
  rootCauseEntityRef: SERVICE,
  entityRefs: [SERVICE],
  impactedEntityRefs: [SERVICE],
  groupRef: TEAM,
  ownerRef: TEAM,
  userRef: ME,
  replacesUserRef: ME,
  members: [ME],
  markdown: '- [ ] Look at the dashboards\n- [ ] Roll back the last deploy',
  into: ids.mergeInto,
  incidentId: ids['/incidents'],
  routing_key: ids.integrationKey,
  runbookId: ids['/runbooks'],
  scheduleId: ids['/oncall/schedules'],
  suggestionId: ids.suggestion,
  componentIds: ids['/communications/components']
    ? [ids['/communications/components']]
    : [],
  startsAt: inHours(2 * slot + 1),
  endsAt: inHours(2 * slot + 2),
  scheduledFor: inHours(2 * slot + 1),
  scheduledUntil: inHours(2 * slot + 2),
  email: 'reader@example.com',
  address: 'reader@example.com',
});

/**
 * Values for one operation only: a move the first of an enum is not, the resolved incident a
 * postmortem needs, the one of two optional parameters a route asks for.
 */
const operationValues = (
  ids: Record<string, string>,
): Record<OperationKey, Record<string, unknown>> => ({
  'POST /incidents/{id}/transition': { to: 'investigating' },
  'POST /postmortems/{id}/transition': { to: 'in_review' },
  'POST /postmortems': { incidentId: ids.resolved },
  'GET /oncall': { entityRef: SERVICE },
});

/**
 * Operations whose success needs a token that only travels by mail or notification; their route
 * tests follow the real link. Here they must answer one of their documented errors. The chat
 * routes are served by a chat module, which this backend has not; its tests check its answers.
 */
const ERRORS_ONLY: Record<OperationKey, string> = {
  'GET /chat/channels/{incidentId}': 'served by the Slack module',
  'POST /chat/channels/{incidentId}': 'served by the Slack module',
  'GET /ack-links/{token}': 'the token is in the page notification',
  'POST /ack-links/{token}': 'the token is in the page notification',
  'GET /status/confirm': 'the token is in the confirmation email',
  'POST /import/{vendor}/plan': 'needs a vendor API and its token',
  'POST /import/{vendor}/apply': 'needs a vendor API and its token',
};

describe('openapi.yaml against the live router', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const document = loadOpenApiDocument() as any;
  const contract = openApiContract();
  let server: Server;

  beforeAll(async () => {
    const knex = await databases.init('SQLITE_3');
    server = await startIncidentsBackend(knex, {
      entities,
      config: {
        incidents: {
          statusPage: {
            name: 'Acme',
            id: 'acmetest',
            // Never reached: confirmation mail goes through the work queue, after the answer.
            smtp: { host: '127.0.0.1', port: 9, from: 'status@acme.test' },
          },
        },
      },
    });
  });

  it('answers every documented operation as documented, and takes every documented body', async () => {
    const ids: Record<string, string> = {};
    const problems: string[] = [];

    const send = (
      key: OperationKey,
      options: { body?: unknown; params?: Record<string, string> } = {},
    ) => {
      const [method, template] = key.split(' ');
      const operation = contract.operation(key);
      const path = template.replace(/\{(\w+)\}/g, (_, name) => {
        const value =
          options.params?.[name] ??
          ids[template.slice(0, template.indexOf(`{${name}}`) - 1)];
        return encodeURIComponent(value ?? 'missing');
      });
      const parameters = [
        ...(document.paths[template].parameters ?? []),
        ...(operation.parameters ?? []),
      ].map((p: any) =>
        p.$ref
          ? p.$ref
              .slice(2)
              .split('/')
              .reduce((n: any, part: string) => n[part], document)
          : p,
      );
      const query = {
        ...Object.fromEntries(
          parameters
            .filter((p: any) => p.in === 'query' && p.required)
            .map((p: any) => [
              p.name,
              values(ids)[p.name] ?? p.schema?.example ?? 'x',
            ]),
        ),
        ...(method === 'GET' ? operationValues(ids)[key] : {}),
      };
      let test = (request(server) as any)
        [method.toLowerCase()](`${BASE_PATH}${path}`)
        .query(query);
      if (template.startsWith('/alerts/')) {
        test = test.set('Authorization', `Bearer ${ids.integrationKey}`);
      }
      const helpdesk = template.match(/^\/support\/intake\/(\w+)$/)?.[1];
      if (helpdesk) {
        // Each helpdesk's key, and the signature Zendesk and Intercom put on the exact bytes.
        const raw = JSON.stringify(options.body ?? {});
        const secret = ids[`${helpdesk}Secret`];
        test = test
          .set('Authorization', `Bearer ${ids[`${helpdesk}Key`]}`)
          .set('Content-Type', 'application/json');
        if (helpdesk === 'zendesk') {
          const at = new Date().toISOString();
          test = test
            .set('X-Zendesk-Webhook-Signature-Timestamp', at)
            .set(
              'X-Zendesk-Webhook-Signature',
              createHmac('sha256', secret)
                .update(at)
                .update(raw)
                .digest('base64'),
            );
        }
        if (helpdesk === 'intercom') {
          test = test.set(
            'X-Hub-Signature',
            `sha1=${createHmac('sha1', secret).update(raw).digest('hex')}`,
          );
        }
        return test.send(raw);
      }
      if (template === '/runbook-documents') {
        // The search collator's route: services only.
        test = test.set('Authorization', mockCredentials.service.header());
      }
      return options.body === undefined ? test : test.send(options.body);
    };

    /** Remembers the ids an answer names, for the paths that follow. */
    const remember = (template: string, body: any) => {
      const id = body?.id ?? body?.integration?.id ?? body?.items?.[0]?.id;
      if (typeof id === 'string' && !(template in ids)) ids[template] = id;
      if (typeof body?.reportId === 'string') {
        ids['/support/reports'] ??= body.reportId;
      }
      if (body?.sections?.[0]?.key) {
        ids[`${template}/sections`] ??= body.sections[0].key;
      }
      const suggestion = [
        body?.severity,
        ...(body?.causes ?? []),
        ...(body?.runbooks ?? []),
        ...(body?.responders ?? []),
      ].find(s => typeof s?.id === 'string');
      if (template === '/incidents/{id}/triage' && suggestion) {
        ids.suggestion ??= suggestion.id;
      }
    };

    // Keys and incidents first: the alert senders' routes and most paths need them.
    const created = await send('POST /integrations', {
      body: { name: 'contract', type: 'generic', entityRef: SERVICE },
    }).expect(201);
    ids.integrationKey = created.body.key;
    ids['/postmortems/{id}/reviewers'] = ME;
    for (const [helpdesk, type] of [
      ['zendesk', 'zendesk'],
      ['intercom', 'intercom'],
      ['freshdesk', 'freshdesk'],
      ['generic', 'support'],
    ]) {
      const key = await send('POST /integrations', {
        body: { name: helpdesk, type, entityRef: SERVICE },
      }).expect(201);
      ids[`${helpdesk}Key`] = key.body.key;
      ids[`${helpdesk}Secret`] = key.body.signingSecret;
    }
    // A report of its own to escalate: the walk links the other one to an incident first.
    const report = await request(server)
      .post(`${BASE_PATH}/support/intake/generic`)
      .set('Authorization', `Bearer ${ids.genericKey}`)
      .send({ ticketId: 'to-escalate', subject: 'Checkout is down for us' })
      .expect(202);
    ids.unlinkedReport = report.body.reportId;
    // An alert no rule can place waits in the inbox, to be routed by hand.
    const unplaced = await send('POST /integrations', {
      body: { name: 'unplaced', type: 'generic' },
    }).expect(201);
    await request(server)
      .post(`${BASE_PATH}/alerts/generic`)
      .set('Authorization', `Bearer ${unplaced.body.key}`)
      .send({ summary: 'nobody knows', dedupKey: 'unplaced-1' })
      .expect(200);
    const declared: string[] = [];
    for (const title of ['merged away', 'merged into', 'main', 'resolved']) {
      const incident = await send('POST /incidents', {
        body: { title, severity: 'SEV2', entityRef: SERVICE },
      }).expect(201);
      declared.push(incident.body.id);
    }
    const [mergedAway, mergeInto, main, resolved] = declared;
    ids.mergeInto = mergeInto;
    ids['/incidents'] = main;
    ids.resolved = resolved;
    for (const to of [
      'investigating',
      'identified',
      'monitoring',
      'resolved',
    ]) {
      await send('POST /incidents/{id}/transition', {
        params: { id: resolved },
        body: { to },
      }).expect(200);
    }

    const answered = (key: OperationKey) =>
      [...(exercised.get(key) ?? [])].some(status => status < 400);
    const writes = contract
      .operations()
      .filter(key => !key.startsWith('DELETE '));
    // Twice, so an operation that needs what a later one makes gets its turn; deletes last,
    // children before their parents.
    const passes = [
      ...writes,
      ...writes.map(key => `again ${key}`),
      ...contract
        .operations()
        .filter(key => key.startsWith('DELETE '))
        .reverse(),
    ];

    for (const pass of passes) {
      const again = pass.startsWith('again ');
      const key = pass.replace(/^again /, '');
      if (again && answered(key)) continue;
      const [, template] = key.split(' ');
      const paramsOf: Record<OperationKey, Record<string, string>> = {
        'POST /incidents/{id}/merge': { id: mergedAway },
        'POST /support/reports/{id}/escalate': { id: ids.unlinkedReport },
      };
      const params = paramsOf[key];
      const schemaRef = contract.requestSchema(key);
      if (!schemaRef) {
        try {
          const answer = await send(key, { params });
          remember(template, answer.body);
        } catch (e) {
          problems.push(`${key}: ${(e as Error).message}`);
        }
        continue;
      }
      const known = (slot: number) => ({
        ...values(ids, slot),
        ...operationValues(ids)[key],
      });
      const minimal = sampleOf(document, schemaRef, { values: known(1) });
      const full = sampleOf(document, schemaRef, {
        values: known(0),
        full: true,
      });
      // A body the document forbids: {} where it offers alternatives, else a required field
      // missing, else a field of the wrong type; a free-form object (a helpdesk's own payload,
      // described in prose) forbids nothing.
      const asWritten = followRefs(document, { $ref: schemaRef });
      const schema = resolveSchema(document, { $ref: schemaRef });
      const required: string[] = schema.required ?? [];
      const alternatives =
        !asWritten.properties && Boolean(asWritten.oneOf ?? asWritten.anyOf);
      const forbidsNothing =
        !alternatives && required.length === 0 && !schema.properties;
      let forbidden: unknown = {};
      if (!alternatives && required.length > 0) {
        forbidden = Object.fromEntries(
          Object.entries(minimal as object).filter(([k]) => k !== required[0]),
        );
      } else if (!alternatives) {
        forbidden = {
          ...(full as object),
          [Object.keys(full as object)[0]]: [[]],
        };
      }
      try {
        const refused =
          again || forbidsNothing
            ? { status: 400 }
            : await send(key, { body: forbidden, params });
        if (refused.status !== 400) {
          problems.push(
            `${key} took ${JSON.stringify(forbidden)} with ${
              refused.status
            }, not 400`,
          );
        }
        for (const body of [full, minimal]) {
          const answer = await send(key, { body, params });
          if (answer.status === 400) {
            problems.push(
              `${key} refused documented ${JSON.stringify(body)}: ${
                answer.body?.error?.message ?? answer.text
              }`,
            );
          }
          remember(template, answer.body);
        }
      } catch (e) {
        problems.push(`${key}: ${(e as Error).message}`);
      }
    }

    const unanswered = contract
      .operations()
      .filter(key => !answered(key) && !(key in ERRORS_ONLY));
    const errorsOnly = Object.keys(ERRORS_ONLY).filter(
      key => !exercised.has(key),
    );
    expect({ problems, unanswered, errorsOnly }).toEqual({
      problems: [],
      unanswered: [],
      errorsOnly: [],
    });
  });
});
