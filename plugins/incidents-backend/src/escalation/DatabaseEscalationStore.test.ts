import { eachDatabase, withCheckoutIncident } from '../__testUtils__/databases';
import { DatabaseEscalationStore } from './DatabaseEscalationStore';
import { EscalationRecord } from './EscalationStore';

jest.setTimeout(60_000);

const at = (s: number) =>
  new Date(Date.parse('2026-11-30T10:00:00Z') + s * 1000);

describe('DatabaseEscalationStore', () => {
  const escalation: EscalationRecord = {
    incidentSeq: 1,
    groupRef: 'group:default/checkout-team',
    policyId: 'p-1',
    policy: {
      name: 'Checkout',
      levels: [{ delayMinutes: 0, targets: [] }],
      repeat: 0,
    },
    state: 'active',
    level: 0,
    round: 1,
    epoch: 0,
    run: 1,
    startedAt: at(0),
    stoppedAt: null,
  };

  eachDatabase(database => {
    async function setup() {
      const knex = await withCheckoutIncident(database, at(0));
      return { knex, store: DatabaseEscalationStore.create({ knex }) };
    }

    it('keeps one escalation per incident and round-trips it', async () => {
      const { store } = await setup();
      expect(
        await store.transaction(trx => store.createEscalation(escalation, trx)),
      ).toBe(true);
      expect(
        await store.transaction(trx =>
          store.createEscalation({ ...escalation, policyId: 'other' }, trx),
        ),
      ).toBe(false);
      await store.transaction(async trx => {
        const locked = await store.lockEscalation(1, trx);
        expect(locked).toEqual(escalation);
        await store.updateEscalation(
          1,
          { level: 1, state: 'exhausted', stoppedAt: at(5) },
          trx,
        );
      });
      expect(await store.getEscalation(1)).toEqual({
        ...escalation,
        level: 1,
        state: 'exhausted',
        stoppedAt: at(5),
      });
      // a reopened incident starts a new run of its escalation in the same row
      const rerun = {
        ...escalation,
        policyId: 'p-2',
        run: 2,
        epoch: 1,
        startedAt: at(9),
      };
      await store.transaction(trx => store.restartEscalation(rerun, trx));
      expect(await store.getEscalation(1)).toEqual(rerun);
    });

    it('reads, locks and updates several escalations at once', async () => {
      const { knex, store } = await setup();
      await knex('incidents').insert(
        (
          await knex('incidents').where({ seq: 1 })
        ).map(({ seq, ...row }) => ({
          ...row,
          title: 'Another',
        })),
      );
      const second = { ...escalation, incidentSeq: 2, policyId: 'p-9' };
      await store.transaction(async trx => {
        await store.createEscalation(second, trx);
        await store.createEscalation(escalation, trx);
      });
      expect(await store.getEscalations([2, 1, 3])).toEqual(
        expect.arrayContaining([escalation, second]),
      );
      expect(await store.getEscalations([])).toEqual([]);
      await store.transaction(async trx => {
        // in incident order, whatever order they were asked in
        expect(
          (await store.lockEscalations([2, 1], trx)).map(e => e.incidentSeq),
        ).toEqual([1, 2]);
        await store.updateEscalations(
          [
            { seq: 1, changes: { level: 1, round: 1 } },
            { seq: 2, changes: { level: 1, round: 1 } },
            {
              seq: 1,
              changes: { state: 'exhausted', stoppedAt: at(7) },
            },
          ],
          trx,
        );
      });
      expect(await store.getEscalation(1)).toEqual({
        ...escalation,
        level: 1,
        state: 'exhausted',
        stoppedAt: at(7),
      });
      expect(await store.getEscalation(2)).toEqual({ ...second, level: 1 });
    });

    it('reads whether the incident is open, for a stop or a restart', async () => {
      const { knex, store } = await setup();
      expect(await store.transaction(trx => store.isIncidentOpen(1, trx))).toBe(
        true,
      );
      await knex('incidents').where({ seq: 1 }).update({ status: 'resolved' });
      expect(await store.transaction(trx => store.isIncidentOpen(1, trx))).toBe(
        false,
      );
      expect(await store.transaction(trx => store.isIncidentOpen(2, trx))).toBe(
        false,
      );
    });
  });
});
