import request from 'supertest';
import { denyPermissions, routesOf } from '../__testUtils__/backend';
import { eachDatabase } from '../__testUtils__/databases';
import { startAlertsBackend } from '../alerts/__testUtils__/backend';
import { createPostmortemsRouter } from './router';
import { declare } from '../__testUtils__/pluginBackend';

jest.setTimeout(120_000);

const API = '/api/incidents';
const CHECKOUT = 'component:default/checkout-service';
const MYSQL = 'component:default/mysql';
const yesterday = () =>
  new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/** Everything is allowed except writing postmortems. */
const noManage = denyPermissions(p => p.name === 'incident.postmortem.manage');

async function resolvedIncident(
  server: any,
  entityRef = CHECKOUT,
  title = 'Checkout 502s',
) {
  const declared = await declare(server, {
    title,
    severity: 'SEV2',
    entityRef,
    description: 'Error rate at 38%',
  }).expect(201);
  await request(server)
    .post(`${API}/incidents/${declared.body.id}/transition`)
    .send({ to: 'resolved' })
    .expect(200);
  return declared.body.id as string;
}

describe('postmortem routes', () => {
  it('documents every route in openapi.yaml', () => {
    const routes = routesOf(createPostmortemsRouter({} as any));
    expect(routes.length).toBeGreaterThan(14);
    expect(routes.filter(r => !r.documented)).toEqual([]);
  });

  eachDatabase(({ init }) => {
    it('writes, reviews, publishes and exports a postmortem of a resolved incident', async () => {
      const server = await startAlertsBackend(await init());
      const open = await declare(server, {
        title: 'Still burning',
        severity: 'SEV3',
        entityRef: CHECKOUT,
      }).expect(201);
      const early = await request(server)
        .post(`${API}/postmortems`)
        .send({ incidentId: open.body.id });
      expect(early.status).toBe(409);
      expect(early.body.error.message).toMatch(/once it is resolved/);

      const incidentId = await resolvedIncident(server);
      const created = await request(server)
        .post(`${API}/postmortems`)
        .send({ incidentId })
        .expect(201);
      const pm = created.body;
      expect(pm).toMatchObject({
        incidentId,
        title: 'Postmortem: Checkout 502s',
        status: 'draft',
        entityRef: CHECKOUT,
        ownerRef: 'group:default/checkout-team',
        severity: 'SEV2',
      });
      // the default template, the summary started from the incident's description
      expect(pm.sections.map((s: any) => s.key)).toEqual([
        'summary',
        'impact',
        'timeline',
        'root_cause',
        'contributing_factors',
        'went_well',
        'went_badly',
        'lessons',
      ]);
      expect(pm.sections[0].body).toBe('Error rate at 38%');
      // the timeline is the incident's own, read from it
      expect(pm.timeline.map((e: any) => e.type)).toEqual(
        expect.arrayContaining(['declared', 'status_changed']),
      );
      const again = await request(server)
        .post(`${API}/postmortems`)
        .send({ incidentId });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain(pm.id);

      // two editors, two sections, both from version 1: both land
      const put = (key: string, body: string, version: number) =>
        request(server)
          .put(`${API}/postmortems/${pm.id}/sections/${key}`)
          .send({ body, version });
      const [a, b] = await Promise.all([
        put('root_cause', 'A deploy turned off the connection pool', 1),
        put('lessons', 'Canary every deploy', 1),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      // the same section from a stale version: 409 naming it
      const stale = await put('root_cause', 'Something else', 1);
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toMatch(
        /Section 'Root cause' \(root_cause\)/,
      );
      const derived = await put('timeline', 'hand-written', 1);
      expect(derived.status).toBe(400);
      expect(derived.body.error.message).toMatch(/derived/);
      await put('nope', 'x', 1).expect(404);
      await put('root_cause', 'x', 0).expect(400);

      const patched = await request(server)
        .patch(`${API}/postmortems/${pm.id}`)
        .send({
          version: 1,
          rootCauseEntityRef: 'Component:default/MySQL',
          causeCategory: 'Bad Deploy',
          tags: ['Deploy', 'database'],
        })
        .expect(200);
      expect(patched.body).toMatchObject({
        rootCauseEntityRef: MYSQL,
        causeCategory: 'bad-deploy',
        tags: ['database', 'deploy'],
        version: 2,
      });
      await request(server)
        .patch(`${API}/postmortems/${pm.id}`)
        .send({ version: 1, title: 'Late' })
        .expect(409);

      // review: a pending reviewer blocks publishing
      await request(server)
        .post(`${API}/postmortems/${pm.id}/reviewers`)
        .send({ userRef: 'user:default/mock' })
        .expect(200);
      const blocked = await request(server)
        .post(`${API}/postmortems/${pm.id}/transition`)
        .send({ to: 'published' });
      expect(blocked.status).toBe(409);
      expect(blocked.body.error.message).toMatch(
        /user:default\/mock \(pending\)/,
      );
      await request(server)
        .post(`${API}/postmortems/${pm.id}/reviewers`)
        .send({ userRef: 'group:default/platform' })
        .expect(400);
      await request(server)
        .post(`${API}/postmortems/${pm.id}/transition`)
        .send({ to: 'in_review' })
        .expect(200);
      await request(server)
        .post(`${API}/postmortems/${pm.id}/review`)
        .send({ decision: 'approved', comment: 'Clear' })
        .expect(200);
      const published = await request(server)
        .post(`${API}/postmortems/${pm.id}/transition`)
        .send({ to: 'published' })
        .expect(200);
      expect(published.body).toMatchObject({
        status: 'published',
        publishedAt: expect.any(String),
        reviewers: [{ userRef: 'user:default/mock', decision: 'approved' }],
      });
      expect((await put('lessons', 'after publishing', 2)).status).toBe(409);
      await request(server)
        .patch(`${API}/postmortems/${pm.id}`)
        .send({
          version: published.body.version,
          title: 'Renamed after publishing',
        })
        .expect(409)
        .expect(r => expect(r.body.error.message).toMatch(/published/));

      // action items: one overdue for the team
      const item = await request(server)
        .post(`${API}/postmortems/${pm.id}/action-items`)
        .send({
          title: 'Alert on pool saturation',
          ownerRef: 'group:default/checkout-team',
          dueDate: yesterday(),
          trackerUrl: 'https://tracker.example/OPS-12',
        })
        .expect(201);
      expect(item.body).toMatchObject({
        status: 'open',
        overdue: true,
        incidentId,
      });
      for (const bad of [
        { ownerRef: CHECKOUT },
        { dueDate: '31/12/2026' },
        { trackerUrl: 'ftp://tracker.example/OPS-12' },
        { ownerRef: 'group:default/ghosts' },
      ]) {
        await request(server)
          .post(`${API}/postmortems/${pm.id}/action-items`)
          .send({ title: 'x', ownerRef: 'user:default/mock', ...bad })
          .expect(400);
      }
      const overdue = await request(server)
        .get(`${API}/postmortems/action-items`)
        .query({ ownerRef: 'group:default/checkout-team', overdue: 'true' })
        .expect(200);
      expect(overdue.body.items.map((i: any) => i.id)).toEqual([item.body.id]);
      const done = await request(server)
        .patch(`${API}/postmortems/${pm.id}/action-items/${item.body.id}`)
        .send({ status: 'done', version: 1 })
        .expect(200);
      expect(done.body).toMatchObject({
        status: 'done',
        overdue: false,
        version: 2,
      });
      await request(server)
        .patch(`${API}/postmortems/${pm.id}/action-items/${item.body.id}`)
        .send({ status: 'open', version: 1 })
        .expect(409);

      // the list: filters and full text
      const ids = async (query: object) =>
        (
          await request(server)
            .get(`${API}/postmortems`)
            .query(query)
            .expect(200)
        ).body.items.map((p: any) => p.id);
      expect(await ids({ q: 'CONNECTION pool' })).toEqual([pm.id]);
      expect(await ids({ q: 'connection kafka' })).toEqual([]);
      expect(await ids({ tag: 'deploy', severity: 'SEV2,SEV1' })).toEqual([
        pm.id,
      ]);
      expect(await ids({ ownerRef: 'group:default/checkout-team' })).toEqual([
        pm.id,
      ]);
      expect(await ids({ entityRef: MYSQL })).toEqual([pm.id]);
      expect(await ids({ status: 'draft' })).toEqual([]);
      expect(await ids({ incidentId })).toEqual([pm.id]);
      await request(server)
        .get(`${API}/postmortems`)
        .query({ severity: 'SEV9' })
        .expect(400);
      await request(server)
        .get(`${API}/postmortems`)
        .query({ cursor: 'junk' })
        .expect(400);
      await request(server).get(`${API}/postmortems/nope`).expect(404);

      const markdown = await request(server)
        .get(`${API}/postmortems/${pm.id}/markdown`)
        .expect(200);
      expect(markdown.headers['content-type']).toMatch(/text\/markdown/);
      expect(markdown.text).toContain('# Postmortem: Checkout 502s');
      expect(markdown.text).toContain(
        '## Root cause\n\nA deploy turned off the connection pool',
      );
      expect(markdown.text).toMatch(
        /## Timeline\n\n- .* declared the incident/,
      );
      expect(markdown.text).toContain(
        '| Alert on pool saturation | group:default/checkout-team |',
      );

      const documents = await request(server)
        .get(`${API}/postmortems/documents`)
        .expect(200);
      expect(documents.body.items).toHaveLength(1);
      expect(documents.body.items[0].text).toContain('Canary every deploy');
    });

    it('says when an incident happened before, and finds postmortems upstream', async () => {
      const server = await startAlertsBackend(await init());
      const first = await resolvedIncident(server, CHECKOUT, 'Checkout down');
      const pm = (
        await request(server)
          .post(`${API}/postmortems`)
          .send({ incidentId: first })
          .expect(201)
      ).body;
      await request(server)
        .patch(`${API}/postmortems/${pm.id}`)
        .send({
          version: 1,
          causeCategory: 'bad-deploy',
          rootCauseEntityRef: CHECKOUT,
        })
        .expect(200);
      const recurrence = (incidentId: string) =>
        request(server)
          .get(`${API}/postmortems/recurrence`)
          .query({ incidentId })
          .expect(200)
          .then(r => r.body.items.map((m: any) => [m.postmortem.id, m.match]));
      const again = await declare(server, {
        title: 'Checkout down again',
        severity: 'SEV2',
        entityRef: CHECKOUT,
      }).expect(201);
      // a draft does not count yet
      expect(await recurrence(again.body.id)).toEqual([]);
      await request(server)
        .post(`${API}/postmortems/${pm.id}/transition`)
        .send({ to: 'published' })
        .expect(200);
      // cause unknown: the same entity is enough to warn
      expect(await recurrence(again.body.id)).toEqual([[pm.id, 'entity']]);
      const labelled = (cause: string, version: number) =>
        request(server)
          .patch(`${API}/incidents/${again.body.id}`)
          .send({ version, labels: { cause } })
          .expect(200);
      await labelled('Bad Deploy', again.body.version);
      expect(await recurrence(again.body.id)).toEqual([[pm.id, 'cause']]);
      await labelled('capacity', again.body.version + 1);
      expect(await recurrence(again.body.id)).toEqual([]);
      // an incident is never a recurrence of itself, nor of a later one
      expect(await recurrence(first)).toEqual([]);

      // a postmortem whose root cause is mysql is related to checkout, which depends on it
      const probe = await resolvedIncident(
        server,
        'component:default/network-probe',
        'Probe',
      );
      const upstream = (
        await request(server)
          .post(`${API}/postmortems`)
          .send({ incidentId: probe })
          .expect(201)
      ).body;
      await request(server)
        .patch(`${API}/postmortems/${upstream.id}`)
        .send({ version: 1, rootCauseEntityRef: MYSQL })
        .expect(200);
      const related = await request(server)
        .get(`${API}/postmortems/related`)
        .query({ entityRef: CHECKOUT })
        .expect(200);
      expect(related.body.sameEntity.map((p: any) => p.id)).toEqual([pm.id]);
      expect(
        related.body.upstream.map((u: any) => [u.postmortem.id, u.distance]),
      ).toEqual([[upstream.id, 1]]);
      await request(server)
        .get(`${API}/postmortems/related`)
        .query({ entityRef: 'nope' })
        .expect(400);
    });

    it('needs incident.postmortem.manage to write, but not to read', async () => {
      const knex = await init();
      const server = await startAlertsBackend(knex);
      const incidentId = await resolvedIncident(server);
      const pm = (
        await request(server)
          .post(`${API}/postmortems`)
          .send({ incidentId })
          .expect(201)
      ).body;
      const restricted = await startAlertsBackend(knex, {
        features: [noManage],
      });
      await request(restricted).get(`${API}/postmortems/${pm.id}`).expect(200);
      await request(restricted).get(`${API}/postmortems`).expect(200);
      const denied = await request(restricted)
        .put(`${API}/postmortems/${pm.id}/sections/summary`)
        .send({ body: 'x', version: 1 });
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toMatch(/incident.postmortem.manage/);
      await request(restricted)
        .post(`${API}/postmortems/${pm.id}/action-items`)
        .send({ title: 'x', ownerRef: 'user:default/mock' })
        .expect(403);
    });
  });
});
