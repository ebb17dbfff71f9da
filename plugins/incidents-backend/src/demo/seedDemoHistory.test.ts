import { mockServices } from '@backstage/backend-test-utils';
import path from 'node:path';
import { migrateDatabase } from '../database/migrateDatabase';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseIncidentsStore } from '../incidents/DatabaseIncidentsStore';
import { seedDemoHistory } from './seedDemoHistory';

const demoFile = path.resolve(
  __dirname,
  '../../../../examples/demo-incidents.yaml',
);

describe('seedDemoHistory', () => {
  const databases = createTestDatabases();

  it('loads the demo history once, relative to now, with derived times', async () => {
    const knex = await databases.init('SQLITE_3');
    await migrateDatabase(mockServices.database({ knex }));
    const store = DatabaseIncidentsStore.create({ knex });
    const now = new Date('2026-11-29T12:00:00Z');
    const logger = mockServices.logger.mock();

    const loaded = await seedDemoHistory({
      file: demoFile,
      store,
      logger,
      now,
    });
    expect(loaded).toBeGreaterThanOrEqual(20);
    expect(await seedDemoHistory({ file: demoFile, store, logger, now })).toBe(
      0,
    );

    const { items } = await store.listIncidents({ limit: 100 });
    expect(items).toHaveLength(loaded);
    const open = items.filter(i => !i.resolvedAt);
    expect(open.map(i => i.status).sort()).toEqual(['investigating', 'triage']);
    for (const incident of items) {
      expect(Date.parse(incident.declaredAt)).toBeLessThanOrEqual(
        now.getTime(),
      );
      expect(incident.ownerRef).toMatch(/^group:default\//);
    }
    const finished = items.filter(
      i => i.status === 'resolved' || i.status === 'closed',
    );
    expect(finished.length).toBeGreaterThan(10);
    expect(
      finished.filter(
        i => Date.parse(i.resolvedAt!) <= Date.parse(i.acknowledgedAt!),
      ),
    ).toEqual([]);
    const timeline = await store.listTimeline(1);
    expect(timeline[0].type).toBe('declared');
  });

  it('refuses a malformed file with a message that names the problem', async () => {
    const knex = await databases.init('SQLITE_3');
    await migrateDatabase(mockServices.database({ knex }));
    const store = DatabaseIncidentsStore.create({ knex });
    await expect(
      seedDemoHistory({
        file: path.resolve(__dirname, '../../package.json'),
        store,
        logger: mockServices.logger.mock(),
      }),
    ).rejects.toThrow(/is not valid/);
  });
});
