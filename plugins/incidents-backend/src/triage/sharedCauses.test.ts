import { mockCredentials, TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { createTestDatabases } from '../__testUtils__/databases';
import { entity, withBothSides } from '../graph/__testUtils__/entities';
import { createTriageHarness } from './__testUtils__/harness';
import { createSenders, firingAlert as alert } from './__testUtils__/senders';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const user = mockCredentials.user();

/**
 * Alert ingestion announces incident changes after it answers, so the triage they schedule
 * may start after a first idle(): wait until the expectation holds or fail with its error.
 */
async function eventually(
  settle: () => Promise<void>,
  expectation: () => Promise<void>,
) {
  for (let attempt = 0; ; attempt++) {
    await settle();
    try {
      await expectation();
      return;
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
}

/**
 * db (a Resource nobody monitors) under cart, orders, search and ledger; web above cart and
 * orders through the orders API; queue under ledger and billing. Apart from them: broker
 * under relay and mailer, and worker, which depends on relay and consumes the broker's API.
 */
function catalog(): Entity[] {
  return withBothSides([
    entity('resource:default/db', [['ownedBy', 'group:default/dba']]),
    entity('resource:default/queue'),
    entity('component:default/cart', [['dependsOn', 'resource:default/db']]),
    entity('component:default/orders', [
      ['dependsOn', 'resource:default/db'],
      ['providesApi', 'api:default/orders-api'],
    ]),
    entity('api:default/orders-api'),
    entity('component:default/search', [['dependsOn', 'resource:default/db']]),
    entity('component:default/ledger', [
      ['dependsOn', 'resource:default/db'],
      ['dependsOn', 'resource:default/queue'],
    ]),
    entity('component:default/billing', [
      ['dependsOn', 'resource:default/queue'],
    ]),
    entity('component:default/web', [
      ['dependsOn', 'component:default/cart'],
      ['consumesApi', 'api:default/orders-api'],
    ]),
    entity('group:default/dba'),
    entity('component:default/broker', [
      ['providesApi', 'api:default/broker-api'],
    ]),
    entity('api:default/broker-api'),
    entity('component:default/relay', [
      ['dependsOn', 'component:default/broker'],
    ]),
    entity('component:default/mailer', [
      ['dependsOn', 'component:default/broker'],
    ]),
    entity('component:default/worker', [
      ['dependsOn', 'component:default/relay'],
      ['consumesApi', 'api:default/broker-api'],
    ]),
  ]);
}

describe('shared causes', () => {
  const databases = createTestDatabases();

  async function start(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    const { services, logger } = await createTriageHarness({
      knex,
      entities: catalog(),
      config: {
        incidents: { triage: { recomputeDelay: { milliseconds: 1 } } },
      },
    });
    const { ingest, deploy } = await createSenders(services);
    return { services, logger, ingest, deploy };
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('names a silent resource under three failing dependents, and triages again as each one fails', async () => {
      const { services, logger, ingest } = await start(databaseId);
      const now = Date.now();
      const [cart] = (
        await ingest(
          alert(
            'CartErrors',
            'component:default/cart',
            new Date(now - 6 * MINUTE),
          ),
        )
      ).incidents;
      await services.triage.idle();
      // one failing dependent says nothing about what it shares with others
      const alone = await services.triage.get(cart, user);
      expect(alone.causes.map(c => c.entityRef)).toEqual([
        'component:default/cart',
      ]);

      const [orders] = (
        await ingest(
          alert(
            'OrdersErrors',
            'component:default/orders',
            new Date(now - 4 * MINUTE),
          ),
        )
      ).incidents;
      const [search] = (
        await ingest(
          alert(
            'SearchErrors',
            'component:default/search',
            new Date(now - 3 * MINUTE),
          ),
        )
      ).incidents;
      await eventually(
        () => services.triage.idle(),
        async () => {
          // nobody owns these components, so nobody is paged; triage itself fails nowhere
          expect(
            logger.warnings.filter(w => !/escalation policy/.test(w)),
          ).toEqual([]);

          for (const id of [cart, orders, search]) {
            const triage = await services.triage.get(id, user);
            expect(triage.causes[0]).toMatchObject({
              entityRef: 'resource:default/db',
              distance: 1,
              ownerRef: 'group:default/dba',
            });
            expect(triage.causes[0].reasons).toEqual([
              expect.objectContaining({
                text: expect.stringMatching(
                  /^3 of its 4 dependents fail together \(cart, orders, search; within 3 minutes, the first .*\), while it raises nothing itself \(no monitor covers it\); 1 is healthy$/,
                ),
              }),
            ]);
          }
          // the first incident was triaged again when its siblings failed, without a refresh
          const first = await services.triage.get(cart, user);
          expect(first.trigger).toBe('change');
        },
      );
    });

    it('prefers the nearest shared entity, and a hub with mostly healthy dependents not at all', async () => {
      const { services, ingest } = await start(databaseId);
      const now = Date.now();
      // ledger and billing share the queue (and ledger also the db, whose others are healthy)
      const [ledger] = (
        await ingest(
          alert(
            'LedgerErrors',
            'component:default/ledger',
            new Date(now - 5 * MINUTE),
          ),
        )
      ).incidents;
      await ingest(
        alert(
          'BillingErrors',
          'component:default/billing',
          new Date(now - 4 * MINUTE),
        ),
      );
      let triage = await services.triage.get(ledger, user);
      await eventually(
        () => services.triage.idle(),
        async () => {
          triage = await services.triage.get(ledger, user);
          expect(triage.causes.map(c => c.entityRef)).toEqual([
            'resource:default/queue',
            'component:default/ledger',
          ]);
        },
      );
      expect(triage.causes[0].reasons[0].text).toMatch(
        /^2 of its 2 dependents fail together \(ledger, billing;.*none of its dependents is healthy$/,
      );
    });

    it('counts a consumer of its API as a direct dependent, though the walk met it through another', async () => {
      const { services, ingest } = await start(databaseId);
      const now = Date.now();
      await ingest(
        alert(
          'MailerErrors',
          'component:default/mailer',
          new Date(now - 4 * MINUTE),
        ),
      );
      const [worker] = (
        await ingest(
          alert(
            'WorkerErrors',
            'component:default/worker',
            new Date(now - 3 * MINUTE),
          ),
        )
      ).incidents;
      await eventually(
        () => services.triage.idle(),
        async () => {
          const triage = await services.triage.get(worker, user);
          expect(triage.causes[0].entityRef).toBe('component:default/broker');
          // relay, the way the walk took to worker, is a healthy dependent of its own
          expect(triage.causes[0].reasons[0].text).toMatch(
            /^2 of its 3 dependents fail together \((mailer, worker|worker, mailer); within a minute, the first [^;]*\), while it raises nothing itself; 1 is healthy$/,
          );
        },
      );
    });

    it('triages an open incident again when a deploy lands upstream of it', async () => {
      const { services, ingest, deploy } = await start(databaseId);
      const now = Date.now();
      const [web] = (
        await ingest(
          alert(
            'WebErrors',
            'component:default/web',
            new Date(now - 2 * MINUTE),
          ),
        )
      ).incidents;
      await services.triage.idle();
      expect((await services.triage.get(web, user)).causes[0].entityRef).toBe(
        'component:default/web',
      );
      await deploy(
        'component:default/orders',
        'Deploy orders v7',
        new Date(now - 5 * MINUTE),
      );
      await services.triage.idle();
      const again = await services.triage.get(web, user);
      expect(again.trigger).toBe('change');
      expect(again.causes[0]).toMatchObject({
        entityRef: 'component:default/orders',
        path: ['api:default/orders-api', 'component:default/orders'],
      });
    });
  });
});
