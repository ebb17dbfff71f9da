import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Distribution, Share } from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { migrateDatabase } from '../../database/migrateDatabase';
import { IncidentCondition } from '../../permissions/conditions';
import { DatabaseInsightsStore } from '../DatabaseInsightsStore';
import { InsightsCatalog, InsightsService } from '../InsightsService';
import { loadHistory, PAYMENTS, PAYMENTS_SUB, SEARCH_TEAM } from './history';

/** A reader of every team's incidents but the secret team's. */
export const notSecret: IncidentCondition = {
  property: 'owner_ref',
  values: [PAYMENTS, PAYMENTS_SUB, SEARCH_TEAM],
};

/** Median, p90 and n, to compare with a list. */
export const distribution = (d: Distribution) => [d.median, d.p90, d.n];

/** Numerator and denominator, to compare with a list. */
export const counts = (s: Share) => [s.numerator, s.denominator];

/** A migrated database holding the hand-built history. */
export async function historyDatabase(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
): Promise<Knex> {
  const knex = await databases.init(databaseId);
  await migrateDatabase(mockServices.database({ knex }));
  await loadHistory(knex);
  return knex;
}

/** Insights over `knex` as of 2026-04-10, with a 24-hour change window and UTC by default. */
export function insightsOver(
  knex: Knex,
  catalog: InsightsCatalog,
  condition?: IncidentCondition,
): InsightsService {
  return new InsightsService({
    store: DatabaseInsightsStore.create({ knex }),
    authorizer: { readCondition: async () => condition },
    catalog,
    settings: { changeFailureWindowHours: 24, defaultTimeZone: 'UTC' },
    now: () => new Date('2026-04-10T00:00:00Z'),
  });
}
