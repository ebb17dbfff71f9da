import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { isPermission } from '@backstage/plugin-permission-common';
import {
  IncidentRunbook,
  Runbook,
  runbookManagePermission,
} from '@lookout/plugin-incidents-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  denyPermissions,
  routesOf,
  startIncidentsBackend,
} from '../__testUtils__/backend';
import { eachDatabase } from '../__testUtils__/databases';
import { createIntegration } from '../alerts/__testUtils__/backend';
import { createRunbooksRouter } from './router';
import { startFileServer } from './__testUtils__/fileServer';

jest.setTimeout(60_000);

const API = '/api/incidents';
const CHECKOUT = 'component:default/checkout-service';
const WEB = 'component:default/storefront-web';

const CHECKOUT_RUNBOOK = `# Checkout service

Checkout fails when payments are slow.

## Steps

- [ ] Check the payments dashboard
- [x] Roll back the last deploy

\`\`\`
- [ ] not a step: inside a code block
\`\`\`
`;

/** Every permission allowed except runbook writing. */
const noRunbookManage = denyPermissions(p =>
  isPermission(p, runbookManagePermission),
);

describe('runbook routes', () => {
  it('documents every route in openapi.yaml', () => {
    const routes = routesOf(createRunbooksRouter({} as any));
    expect(routes).toHaveLength(8);
    expect(routes.filter(r => !r.documented)).toEqual([]);
  });
  let files: Awaited<ReturnType<typeof startFileServer>>;
  let catalogDir: string;
  let entities: Entity[];

  beforeAll(async () => {
    files = await startFileServer({
      '/repo/docs/storefront.md': '# Storefront\n\n- [ ] Purge the CDN',
      '/alerts/checkout-latency.md':
        '# Checkout latency\n\n- [ ] Scale checkout out',
      '/broken.md': Buffer.from([0xff, 0xfe, 0x00, 0x41]),
    });
    // a catalog file on disk, as the demo registers examples/entities.yaml
    catalogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
    fs.mkdirSync(path.join(catalogDir, 'runbooks'));
    fs.writeFileSync(
      path.join(catalogDir, 'runbooks', 'checkout.md'),
      CHECKOUT_RUNBOOK,
    );
    entities = [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'checkout-service',
          namespace: 'default',
          annotations: {
            'backstage.io/managed-by-location': `file:${catalogDir}/entities.yaml`,
            'lookout.dev/runbooks': `./runbooks/checkout.md,./runbooks/missing.md,${files.url(
              '/broken.md',
            )}`,
          },
        },
        spec: { type: 'service', owner: 'group:default/checkout-team' },
        relations: [
          { type: 'ownedBy', targetRef: 'group:default/checkout-team' },
        ],
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'storefront-web',
          namespace: 'default',
          annotations: {
            'backstage.io/source-location': `url:${files.url('/repo/')}`,
            'lookout.dev/runbooks': 'docs/storefront.md',
          },
        },
        spec: { type: 'website', owner: 'group:default/web-team' },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'checkout-team', namespace: 'default' },
        spec: {},
      },
    ];
  });

  afterAll(async () => {
    await files.close();
    fs.rmSync(catalogDir, { recursive: true, force: true });
  });

  eachDatabase(({ init }) => {
    async function start(features: any[] = []) {
      return startIncidentsBackend(await init(), {
        entities,
        config: { backend: { reading: { allow: [{ host: files.host }] } } },
        features,
      });
    }

    it('lists an entity runbooks from the repository, reporting the unreadable ones', async () => {
      const server = await start();
      const checkout = await request(server)
        .get(`${API}/runbooks`)
        .query({ entityRef: 'Component:default/Checkout-Service' })
        .expect(200);
      expect(checkout.body.items).toEqual([
        expect.objectContaining({
          source: 'repository',
          title: 'Checkout service',
          url: `file://${catalogDir}/runbooks/checkout.md`,
          entityRefs: [CHECKOUT],
          steps: [
            { index: 0, text: 'Check the payments dashboard' },
            { index: 1, text: 'Roll back the last deploy' },
          ],
        }),
        expect.objectContaining({
          source: 'repository',
          markdown: null,
          error: expect.stringMatching(/missing\.md was not found/),
        }),
        expect.objectContaining({
          source: 'repository',
          markdown: null,
          url: files.url('/broken.md'),
          error: expect.stringMatching(/not UTF-8|binary/),
        }),
      ]);

      const web = await request(server)
        .get(`${API}/runbooks`)
        .query({ entityRef: WEB, q: 'cdn' })
        .expect(200);
      expect(web.body.items).toEqual([
        expect.objectContaining({
          title: 'Storefront',
          url: files.url('/repo/docs/storefront.md'),
          steps: [{ index: 0, text: 'Purge the CDN' }],
        }),
      ]);
      expect(
        (
          await request(server)
            .get(`${API}/runbooks`)
            .query({ entityRef: WEB, q: 'kafka' })
        ).body.items,
      ).toEqual([]);
      await request(server)
        .get(`${API}/runbooks`)
        .query({ entityRef: 'component:default/ghost' })
        .expect(404);
    });

    it('writes Lookout runbooks, refusing bad input with what to fix', async () => {
      const server = await start();
      const bad: Array<[object, RegExp]> = [
        [{ title: ' ', markdown: 'x', entityRefs: [CHECKOUT] }, /title/],
        [{ title: 't', markdown: 'x', entityRefs: [] }, /at least one/],
        [{ title: 't', markdown: 'x', entityRefs: ['checkout'] }, /entity ref/],
        [
          {
            title: 't',
            markdown: 'x',
            entityRefs: ['component:default/ghost'],
          },
          /not in the catalog: component:default\/ghost/,
        ],
        [{ title: 't', entityRefs: [CHECKOUT] }, /markdown/],
        [
          { title: 't', markdown: 'x'.repeat(200_001), entityRefs: [CHECKOUT] },
          /at most 200000/,
        ],
      ];
      for (const [body, message] of bad) {
        const res = await request(server).post(`${API}/runbooks`).send(body);
        expect({
          status: res.status,
          message: res.body.error?.message,
        }).toEqual({ status: 400, message: expect.stringMatching(message) });
      }

      const created = await request(server)
        .post(`${API}/runbooks`)
        .send({
          title: 'Payments timeouts',
          markdown: '- [ ] Check the payment provider status page',
          entityRefs: [CHECKOUT, 'Component:default/storefront-web'],
        })
        .expect(201);
      expect(created.body).toMatchObject({
        source: 'lookout',
        entityRefs: [CHECKOUT, WEB],
        steps: [{ index: 0, text: 'Check the payment provider status page' }],
        version: 1,
        createdBy: 'user:default/mock',
      });
      const id = created.body.id;

      await request(server)
        .put(`${API}/runbooks/${id}`)
        .send({ version: 1 })
        .expect(400);
      const edited = await request(server)
        .put(`${API}/runbooks/${id}`)
        .send({ version: 1, markdown: '- [ ] Call the provider' })
        .expect(200);
      expect(edited.body).toMatchObject({
        version: 2,
        title: 'Payments timeouts',
      });
      const stale = await request(server)
        .put(`${API}/runbooks/${id}`)
        .send({ version: 1, title: 'Lost' })
        .expect(409);
      expect(stale.body.error.message).toMatch(/since version 1 \(now 2\)/);

      expect(
        (
          await request(server).get(`${API}/runbooks`).query({ q: 'PROVIDER' })
        ).body.items.map((r: Runbook) => r.id),
      ).toEqual([id]);
      expect(
        (
          await request(server).get(`${API}/runbooks`).query({ entityRef: WEB })
        ).body.items.map((r: Runbook) => r.title),
      ).toEqual(['Payments timeouts', 'Storefront']);

      await request(server).delete(`${API}/runbooks/${id}`).expect(204);
      await request(server).get(`${API}/runbooks/${id}`).expect(404);
      await request(server).delete(`${API}/runbooks/${id}`).expect(404);

      const restricted = await start([noRunbookManage]);
      const denied = await request(restricted)
        .post(`${API}/runbooks`)
        .send({ title: 't', markdown: 'x', entityRefs: [CHECKOUT] });
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toMatch(/incident\.runbook\.manage/);
    });

    it('suggests runbooks for an incident and ticks their steps on its timeline', async () => {
      const server = await start();
      // a Lookout runbook that only the incident's title can find
      const byTitle = await request(server)
        .post(`${API}/runbooks`)
        .send({
          title: 'Latency spikes',
          markdown: 'When checkout latency climbs:\n\n- [ ] Look at p99',
          entityRefs: [WEB],
        })
        .expect(201);
      await request(server)
        .post(`${API}/runbooks`)
        .send({
          title: 'Unrelated',
          markdown: '- [ ] latency of the search index',
          entityRefs: [WEB],
        })
        .expect(201);

      const { key } = await createIntegration(server, { entityRef: CHECKOUT });
      await request(server)
        .post(`${API}/alerts/alertmanager`)
        .set('Authorization', `Bearer ${key}`)
        .send({
          version: '4',
          status: 'firing',
          receiver: 'lookout',
          groupKey: '{}:{alertname="CheckoutLatency"}',
          groupLabels: { alertname: 'CheckoutLatency' },
          commonLabels: {},
          commonAnnotations: {},
          externalURL: 'http://alertmanager:9093',
          alerts: [
            {
              status: 'firing',
              labels: { alertname: 'CheckoutLatency', severity: 'critical' },
              annotations: {
                summary: 'Checkout latency high',
                runbook_url: files.url('/alerts/checkout-latency.md'),
              },
              startsAt: new Date().toISOString(),
              endsAt: '0001-01-01T00:00:00Z',
              fingerprint: 'abc123',
            },
          ],
        })
        .expect(200);
      const incidents = await request(server)
        .get(`${API}/incidents`)
        .query({ entityRef: CHECKOUT })
        .expect(200);
      expect(incidents.body.items).toHaveLength(1);
      const incident = incidents.body.items[0];
      await request(server)
        .patch(`${API}/incidents/${incident.id}`)
        .send({ version: incident.version, title: 'Checkout latency spikes' })
        .expect(200);

      const suggested = async (): Promise<IncidentRunbook[]> =>
        (
          await request(server)
            .get(`${API}/incidents/${incident.id}/runbooks`)
            .expect(200)
        ).body.items;
      const first = await suggested();
      expect(
        first.map(s => [s.runbook.title, s.reasons.map(r => r.type)]),
      ).toEqual([
        ['Checkout service', ['entity']],
        ['missing', ['entity']],
        ['broken', ['entity']],
        ['Checkout latency', ['alert']],
        ['Latency spikes', ['title']],
      ]);
      expect(first[4].reasons).toEqual([
        { type: 'title', words: ['checkout', 'latency', 'spikes'] },
      ]);
      const checkout = first[0];
      expect(checkout.steps.map(s => s.checked)).toEqual([false, false]);

      const tick = (body: object) =>
        request(server)
          .post(`${API}/incidents/${incident.id}/runbook-steps`)
          .send(body);
      const ticked = await tick({
        runbookId: checkout.runbook.id,
        step: 1,
        checked: true,
      }).expect(201);
      expect(ticked.body).toMatchObject({
        type: 'runbook_step',
        actor: 'user:default/mock',
        data: {
          runbookId: checkout.runbook.id,
          runbookTitle: 'Checkout service',
          step: 1,
          text: 'Roll back the last deploy',
          checked: true,
        },
      });
      await tick({
        runbookId: byTitle.body.id,
        step: 0,
        checked: true,
      }).expect(201);
      await tick({
        runbookId: byTitle.body.id,
        step: 0,
        checked: false,
      }).expect(201);

      const after = await suggested();
      expect(after[0].steps[1]).toEqual({
        index: 1,
        text: 'Roll back the last deploy',
        checked: true,
        actor: 'user:default/mock',
        at: ticked.body.at,
      });
      expect(after[4].steps[0]).toMatchObject({ checked: false });

      const timeline = await request(server)
        .get(`${API}/incidents/${incident.id}/timeline`)
        .expect(200);
      expect(
        timeline.body.items
          .filter((e: any) => e.type === 'runbook_step')
          .map((e: any) => [e.data.runbookTitle, e.data.checked]),
      ).toEqual([
        ['Checkout service', true],
        ['Latency spikes', true],
        ['Latency spikes', false],
      ]);

      const bad: Array<[object, RegExp]> = [
        [
          { runbookId: checkout.runbook.id, step: 2, checked: true },
          /steps 0 to 1/,
        ],
        [
          { runbookId: first[1].runbook.id, step: 0, checked: true },
          /no checklist steps/,
        ],
        [{ runbookId: 'nope', step: 0, checked: true }, /neither suggested/],
        [{ runbookId: checkout.runbook.id, step: -1, checked: true }, /step/],
        [{ runbookId: checkout.runbook.id, step: 0 }, /checked/],
      ];
      for (const [body, message] of bad) {
        const res = await tick(body);
        expect({
          status: res.status,
          message: res.body.error?.message,
        }).toEqual({ status: 400, message: expect.stringMatching(message) });
      }
      await request(server)
        .get(`${API}/incidents/INC-999/runbooks`)
        .expect(404);
    });

    it('lists every readable runbook for the search collator, to services only', async () => {
      const server = await start();
      await request(server)
        .post(`${API}/runbooks`)
        .send({ title: 'Written here', markdown: 'x', entityRefs: [WEB] })
        .expect(201);
      await request(server).get(`${API}/runbook-documents`).expect(403);
      const res = await request(server)
        .get(`${API}/runbook-documents`)
        .set('Authorization', mockCredentials.service.header())
        .expect(200);
      expect(
        res.body.items
          .map((d: any) => [d.source, d.title, d.entityRefs])
          .sort(),
      ).toEqual([
        ['lookout', 'Written here', [WEB]],
        ['repository', 'Checkout service', [CHECKOUT]],
        ['repository', 'Storefront', [WEB]],
      ]);
    });
  });
});
