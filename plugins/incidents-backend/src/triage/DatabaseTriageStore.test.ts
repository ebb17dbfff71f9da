import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { migrateDatabase } from '../database/migrateDatabase';
import { DatabaseIncidentsStore } from '../incidents/DatabaseIncidentsStore';
import { DatabaseTriageStore } from './DatabaseTriageStore';
import { StoredTriage } from './TriageStore';

jest.setTimeout(60_000);

const triage = (computedAt: string): StoredTriage => ({
  incidentId: 'INC-1',
  computedAt,
  trigger: 'declared',
  tookMs: 12,
  severity: {
    id: 'severity',
    severity: 'SEV2',
    current: 'SEV3',
    score: 0.8,
    reasons: [{ text: 'the worst of its 1 alert is critical', weight: 3 }],
    facts: {
      impactedCount: 3,
      customerFacing: [],
      bestTier: 1,
      alertLevel: 'critical',
    },
  },
  causes: [],
  similar: [],
  runbooks: [],
  responders: [],
  statusDraft: 'We are investigating.',
  timelineSummary: '- declared',
  gaps: [],
  assistant: [],
});

describe('DatabaseTriageStore', () => {
  const databases = createTestDatabases();

  async function setUp(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await migrateDatabase(mockServices.database({ knex }));
    const incidents = DatabaseIncidentsStore.create({ knex });
    for (const title of ['one', 'two']) {
      await incidents.createIncident(
        {
          title,
          description: '',
          severity: 'SEV3',
          status: 'triage',
          entityRef: 'component:default/web',
          impactedEntityRefs: [],
          ownerRef: null,
          source: 'manual',
          createdBy: 'user:default/ann',
          declaredAt: '2026-11-30T10:00:00.000Z',
        },
        [],
      );
    }
    return { store: DatabaseTriageStore.create({ knex }), incidents };
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('keeps the latest triage of an incident, and drops it with the incident', async () => {
      const { store, incidents } = await setUp(databaseId);
      expect(await store.getTriage(1)).toBeUndefined();
      await store.saveTriage(1, triage('2026-11-30T10:00:01.000Z'));
      await store.saveTriage(1, triage('2026-11-30T10:05:00.000Z'));
      expect(await store.getTriage(1)).toEqual(
        triage('2026-11-30T10:05:00.000Z'),
      );
      await incidents.deleteIncident(1);
      expect(await store.getTriage(1)).toBeUndefined();
    });

    it('keeps one verdict per person and suggestion, counts them and finds confirmed causes', async () => {
      const { store } = await setUp(databaseId);
      const verdict = (
        incidentSeq: number,
        suggestionId: string,
        judged: 'right' | 'wrong',
        actor: string,
      ) =>
        store.recordVerdict({
          incidentSeq,
          suggestionId,
          kind: suggestionId.startsWith('cause:') ? 'cause' : 'severity',
          target: suggestionId.replace(/^cause:/, ''),
          verdict: judged,
          actor,
          at: '2026-11-30T10:10:00.000Z',
        });
      await verdict(
        1,
        'cause:resource:default/db',
        'wrong',
        'user:default/ann',
      );
      // ann changes her mind
      await verdict(
        1,
        'cause:resource:default/db',
        'right',
        'user:default/ann',
      );
      await verdict(1, 'cause:resource:default/db', 'right', 'user:default/bo');
      await verdict(
        1,
        'cause:component:default/web',
        'wrong',
        'user:default/bo',
      );
      await verdict(
        2,
        'cause:component:default/web',
        'right',
        'user:default/ann',
      );
      await verdict(
        2,
        'cause:component:default/web',
        'wrong',
        'user:default/bo',
      );
      await verdict(2, 'severity', 'right', 'user:default/bo');

      expect(await store.verdictsOf(1, 'user:default/ann')).toEqual({
        'cause:resource:default/db': 'right',
      });
      expect(
        (await store.countVerdicts()).sort((a, b) =>
          `${a.kind}${a.verdict}`.localeCompare(`${b.kind}${b.verdict}`),
        ),
      ).toEqual([
        { kind: 'cause', verdict: 'right', count: 3 },
        { kind: 'cause', verdict: 'wrong', count: 2 },
        { kind: 'severity', verdict: 'right', count: 1 },
      ]);
      // a tie is no confirmation
      expect(await store.confirmedCauses([1, 2, 3])).toEqual(
        new Map([[1, ['resource:default/db']]]),
      );
    });
  });
});
