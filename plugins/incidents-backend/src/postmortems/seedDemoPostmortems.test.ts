import { mockServices } from '@backstage/backend-test-utils';
import path from 'node:path';
import { createTestDatabases } from '../__testUtils__/databases';
import { migrateDatabase } from '../database/migrateDatabase';
import { seedDemoHistory } from '../demo/seedDemoHistory';
import { DatabaseIncidentsStore } from '../incidents/DatabaseIncidentsStore';
import { DEFAULT_TEMPLATE } from './config';
import { DatabasePostmortemsStore } from './DatabasePostmortemsStore';
import { seedDemoPostmortems } from './seedDemoPostmortems';

jest.setTimeout(60_000);

const examples = path.resolve(__dirname, '../../../../examples');

describe('seedDemoPostmortems', () => {
  const databases = createTestDatabases();

  it('publishes the demo postmortems for the demo incidents once, with an overdue item', async () => {
    const knex = await databases.init('SQLITE_3');
    await migrateDatabase(mockServices.database({ knex }));
    const incidents = DatabaseIncidentsStore.create({ knex });
    const store = DatabasePostmortemsStore.create({ knex });
    const logger = mockServices.logger.mock();
    await seedDemoHistory({
      file: path.join(examples, 'demo-incidents.yaml'),
      store: incidents,
      logger,
    });
    const seed = () =>
      seedDemoPostmortems({
        file: path.join(examples, 'demo-postmortems.yaml'),
        store,
        incidents,
        template: DEFAULT_TEMPLATE,
        logger,
      });
    expect(await seed()).toBe(3);
    expect(logger.warn).not.toHaveBeenCalled();
    const { items } = await store.listPostmortems({ limit: 10 });
    expect(items.every(p => p.status === 'published')).toBe(true);
    const checkout = items.find(p => p.causeCategory === 'bad-deploy')!;
    expect(checkout).toMatchObject({
      entityRef: 'component:default/checkout-service',
      rootCauseEntityRef: 'component:default/checkout-service',
      tags: ['connection-pool', 'deploy', 'rollback'],
    });
    const full = await store.getPostmortem(checkout.id);
    expect(full?.sections.find(s => s.key === 'root_cause')?.body).toMatch(
      /maxConnections/,
    );
    expect(full?.reviewers).toMatchObject([{ decision: 'approved' }]);
    const overdue = await store.listActionItems({
      ownerRefs: ['group:default/checkout-team'],
      openOnly: true,
      dueBefore: new Date().toISOString().slice(0, 10),
      limit: 10,
    });
    expect(overdue.map(i => i.title)).toEqual([
      'Pin HTTP client pool sizes in checkout-service config',
    ]);
    expect(await seed()).toBe(0);
  });
});
