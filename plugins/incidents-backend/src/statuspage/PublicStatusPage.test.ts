import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { startStatusPageBackend } from './__testUtils__/backend';
import { declare } from '../__testUtils__/pluginBackend';
import { API, publish } from './__testUtils__/pageChecks';

jest.setTimeout(60_000);

/** Two replicas of the plugin on one database, with this page cache config. */
async function twoReplicas(knex: Knex, cache: JsonObject) {
  const a = await startStatusPageBackend(knex, { statusPage: { cache } });
  const b = await startStatusPageBackend(knex, { statusPage: { cache } });
  return [a, b];
}

describe('the public page cache across replicas', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'serves its snapshot until the shared page version or live status changes, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // two replicas on one database; each checks the version on every request here
      const cache = { checkIntervalMs: 0 };
      const [a, b] = await twoReplicas(knex, cache);
      const names = async (server: any) =>
        (
          await request(server)
            .get(`${API}/status/api/v2/incidents.json`)
            .expect(200)
        ).body.incidents.map((i: any) => i.name);

      expect(await names(b)).toEqual([]);
      const published = (
        await publish(a, {
          name: 'Slow logins',
          status: 'investigating',
          body: 'Looking.',
          componentIds: [],
        }).expect(201)
      ).body;
      // published on A, seen on B: the version B checks moved
      expect(await names(b)).toEqual(['Slow logins']);

      // a write that bypasses the service (and the version) is not seen: B serves its snapshot
      await knex('status_incidents')
        .where({ id: published.id })
        .update({ name: 'Renamed' });
      expect(await names(b)).toEqual(['Slow logins']);
      // once the version moves, B rebuilds
      await knex('status_page_state').where({ id: 1 }).increment('version', 1);
      expect(await names(b)).toEqual(['Renamed']);

      // an internal incident changes live status, and so the stamp, without touching the page
      const components = async (server: any) =>
        Object.fromEntries(
          (
            await request(server).get(`${API}/status/api/v2/components.json`)
          ).body.components.map((c: any) => [c.name, c.status]),
        );
      expect((await components(b)).Website).toBe('operational');
      await declare(a, {
        title: 'down',
        severity: 'SEV1',
        entityRef: 'component:default/storefront-web',
      }).expect(201);
      expect((await components(b)).Website).toBe('major_outage');
    },
  );

  it('re-checks at once after an incident change on its own replica; others keep the interval', async () => {
    const knex = await databases.init('SQLITE_3');
    // without the change stream, neither replica would look again within the minute
    const cache = { checkIntervalMs: 60_000 };
    const [a, b] = await twoReplicas(knex, cache);
    const website = async (server: any) =>
      (
        await request(server)
          .get(`${API}/status/api/v2/components.json`)
          .expect(200)
      ).body.components.find((c: any) => c.name === 'Website').status;
    expect(await website(a)).toBe('operational');
    expect(await website(b)).toBe('operational');

    await declare(a, {
      title: 'down',
      severity: 'SEV1',
      entityRef: 'component:default/storefront-web',
    }).expect(201);
    // A published the change on its stream and checks its stamp on the next request
    expect(await website(a)).toBe('major_outage');
    // B heard nothing and serves its snapshot until its interval is up
    expect(await website(b)).toBe('operational');
  });

  it('can run uncached, for comparison', async () => {
    const knex = await databases.init('SQLITE_3');
    const server = await startStatusPageBackend(knex, {
      statusPage: { cache: { enabled: false } },
    });
    await publish(server, {
      name: 'One',
      status: 'investigating',
      body: 'x',
      componentIds: [],
    }).expect(201);
    const [row] = await knex('status_incidents').select('id');
    await knex('status_incidents')
      .where({ id: row.id })
      .update({ name: 'Two' });
    const res = await request(server).get(
      `${API}/status/api/v2/incidents.json`,
    );
    expect(res.body.incidents[0].name).toBe('Two');
  });
});
