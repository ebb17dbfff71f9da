import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { createTestDatabases } from '../__testUtils__/databases';
import { migrateDatabase } from '../database/migrateDatabase';
import { DatabaseEscalationPolicyStore } from '../escalation/DatabaseEscalationPolicyStore';
import { EscalationPolicyResolver } from '../escalation/EscalationPolicyResolver';
import { OnCallEntities } from './catalogRefs';
import { DatabaseOnCallStore } from './DatabaseOnCallStore';
import { SchedulesService } from './SchedulesService';
import { seedDemoOnCall } from './seedDemoOnCall';

const examples = path.resolve(__dirname, '../../../../examples');

/** The demo organisation with the relations the catalog would derive from it. */
function demoOrganisation(): Entity[] {
  const entities = parseAllDocuments(
    fs.readFileSync(path.join(examples, 'org.yaml'), 'utf8'),
  )
    .map(doc => doc.toJS() as Entity)
    .filter(Boolean);
  const ref = (kind: string, name: string) =>
    `${kind}:default/${name}`.toLocaleLowerCase('en-US');
  return entities.map(entity => {
    const spec = (entity.spec ?? {}) as {
      parent?: string;
      memberOf?: string[];
    };
    const relations =
      entity.kind === 'Group'
        ? [
            ...(spec.parent
              ? [{ type: 'childOf', targetRef: ref('group', spec.parent) }]
              : []),
            ...entities
              .filter(
                u =>
                  u.kind === 'User' &&
                  ((u.spec?.memberOf as string[]) ?? []).includes(
                    entity.metadata.name,
                  ),
              )
              .map(u => ({
                type: 'hasMember',
                targetRef: ref('user', u.metadata.name),
              })),
          ]
        : [];
    return { ...entity, relations };
  });
}

describe('seedDemoOnCall', () => {
  const databases = createTestDatabases();

  it('loads the demo schedules and policies once, and every team of the demo has someone to page', async () => {
    const knex = await databases.init('SQLITE_3');
    await migrateDatabase(mockServices.database({ knex }));
    const store = DatabaseOnCallStore.create({ knex });
    const policies = DatabaseEscalationPolicyStore.create({ knex });
    const logger = mockServices.logger.mock();
    const now = new Date('2026-11-30T12:00:00Z');
    const file = path.join(examples, 'demo-oncall.yaml');

    const loaded = await seedDemoOnCall({
      file,
      schedules: store,
      policies,
      logger,
      now,
    });
    expect(loaded.schedules).toBeGreaterThanOrEqual(5);
    expect(loaded.policies).toBeGreaterThanOrEqual(2);
    expect(
      await seedDemoOnCall({ file, schedules: store, policies, logger, now }),
    ).toEqual({
      schedules: 0,
      policies: 0,
    });

    const organisation = demoOrganisation();
    const entities = new OnCallEntities(
      catalogServiceMock({ entities: organisation }),
    );
    const schedules = new SchedulesService({
      store,
      entities,
      authorizer: { requireBasic: async () => {} },
      clock: () => now,
    });
    const resolver = new EscalationPolicyResolver({
      store: policies,
      schedules,
      entities,
      auth: mockServices.auth(),
      logger,
    });
    const users = new Set(
      organisation
        .filter(e => e.kind === 'User')
        .map(e => `user:default/${e.metadata.name}`),
    );
    for (const schedule of await schedules.listSchedules({})) {
      for (const member of schedule.layers.flatMap(l => l.members)) {
        expect(users).toContain(member);
      }
    }
    const teams = organisation.filter(
      e => e.kind === 'Group' && (e.spec as any).type === 'team',
    );
    for (const team of teams) {
      const groupRef = `group:default/${team.metadata.name}`;
      const { policy } = await resolver.policyFor({ groupRef });
      const first = await resolver.resolveTargets(
        groupRef,
        policy.levels[0].targets,
        now,
      );
      expect({ groupRef, paged: first.length > 0 }).toEqual({
        groupRef,
        paged: true,
      });
    }
  });
});
