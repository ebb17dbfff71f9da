import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ImportPlan } from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/databases';
import { migrateDatabase } from '../../database/migrateDatabase';
import { DatabaseEscalationPolicyStore } from '../../escalation/DatabaseEscalationPolicyStore';
import { EscalationPoliciesService } from '../../escalation/EscalationPoliciesService';
import { OnCallEntities } from '../../oncall/catalogRefs';
import { DatabaseOnCallStore } from '../../oncall/DatabaseOnCallStore';
import { SchedulesService } from '../../oncall/SchedulesService';
import { oncallEntities } from '../../oncall/__testUtils__/catalog';
import { DatabaseImportStore } from '../DatabaseImportStore';
import { ImportService, ImportSettings } from '../ImportService';
import { vendorSources } from '../sources';

/** The organisation of the on-call tests; payments-api carries the PagerDuty plugin's annotation. */
export const importEntities: Entity[] = oncallEntities.map(e =>
  e.metadata.name === 'payments-api'
    ? {
        ...e,
        metadata: {
          ...e.metadata,
          annotations: {
            ...e.metadata.annotations,
            'pagerduty.com/service-id': 'PSVC2',
          },
        },
      }
    : e,
);

export const admin = mockCredentials.user('user:default/maya');

/**
 * The import over a real database with Lookout's own schedule and policy services, a mock
 * catalog, a fixed clock, and vendor clients that record their waits instead of sleeping.
 */
export async function importHarness(
  knex: Knex,
  options: { now: Date; settings?: Partial<ImportSettings> },
) {
  await migrateDatabase(mockServices.database({ knex }));
  const catalog = catalogServiceMock({ entities: importEntities });
  const allow = { requireBasic: async () => {} };
  const clock = () => options.now;
  const entities = new OnCallEntities(catalog);
  const schedules = new SchedulesService({
    store: DatabaseOnCallStore.create({ knex }),
    entities,
    authorizer: allow,
    clock,
  });
  const policies = new EscalationPoliciesService({
    store: DatabaseEscalationPolicyStore.create({ knex }),
    schedules,
    entities,
    authorizer: allow,
    clock,
  });
  const waits: number[] = [];
  const store = DatabaseImportStore.create({ knex });
  const imports = new ImportService({
    store,
    schedules,
    policies,
    catalog,
    authorizer: allow,
    settings: { tokens: {}, apiUrls: {}, ...options.settings },
    sources: vendorSources({
      retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5_000 },
      sleep: async ms => {
        waits.push(ms);
      },
    }),
    clock,
  });
  return { imports, schedules, policies, store, waits };
}

/** A plan's object by its vendor id. */
export const byId = (plan: ImportPlan, vendorId: string) =>
  plan.objects.find(o => o.vendorId === vendorId)!;

/**
 * Both vendors' scenarios hold the same "Checkout escalation": the first schedule at once,
 * then Ann and the third schedule after 10 minutes, the whole policy twice. `first` and
 * `third` are the vendor's ids of those schedules.
 */
export async function expectCheckoutEscalation(
  policies: EscalationPoliciesService,
  applied: ImportPlan,
  schedules: { first: string; third: string },
) {
  const checkout = (await policies.listPolicies({})).find(
    p => p.name === 'Checkout escalation',
  )!;
  expect(checkout).toMatchObject({
    ownerRef: 'group:default/checkout-team',
    repeat: 2,
    levels: [
      {
        delayMinutes: 0,
        targets: [
          {
            type: 'schedule',
            scheduleId: byId(applied, schedules.first).target,
          },
        ],
      },
      {
        delayMinutes: 10,
        targets: [
          { type: 'user', userRef: 'user:default/ann' },
          {
            type: 'schedule',
            scheduleId: byId(applied, schedules.third).target,
          },
        ],
      },
    ],
  });
}

/**
 * One vendor's import tests on every database: each test's `setup()` starts a fresh fake
 * vendor (stopped after the test) and the import over a fresh database at `now`.
 */
export function describeImport<
  F extends { start(): Promise<string>; stop(): Promise<void> },
>(
  options: { fake: () => F; now: Date },
  tests: (
    setup: () => Promise<
      Awaited<ReturnType<typeof importHarness>> & { fake: F; apiUrl: string }
    >,
  ) => void,
) {
  const databases = createTestDatabases();
  let running: F | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    tests(async () => {
      running = options.fake();
      const apiUrl = await running.start();
      const harness = await importHarness(await databases.init(databaseId), {
        now: options.now,
      });
      return { ...harness, fake: running, apiUrl };
    });
  });
}
