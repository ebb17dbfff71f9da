import { eachDatabase } from '../__testUtils__/databases';
import { checkoutHarness, MINUTE, user } from './__testUtils__/harness';
import { ESCALATION_KINDS } from './types';

jest.setTimeout(60_000);

describe('EscalationEngine in batches', () => {
  eachDatabase(({ init }) => {
    const setup = async () => checkoutHarness(await init());

    it('fires every step of a batch together, each paging its people once', async () => {
      const h = await setup();
      const first = await h.open({ title: 'First' });
      const second = await h.open({ title: 'Second' });
      const acknowledged = await h.open({ title: 'Acknowledged' });
      await h.incidents.acknowledge(acknowledged.id, user);
      const steps = h.queue.pending(ESCALATION_KINDS.step);
      expect(steps).toHaveLength(2);
      // a timer of an earlier epoch of the same incident, in the same batch: it runs on its
      // own after the others and finds nothing to do
      const stale = {
        ...steps[0],
        id: 'stale',
        key: `${steps[0].key}:stale`,
        payload: { ...steps[0].payload, epoch: -1 },
      };

      expect(await h.engine.runSteps([...steps, stale])).toEqual({
        failed: [],
      });
      expect(await h.pages(first.id)).toEqual(['L1R1 alice']);
      expect(await h.pages(second.id)).toEqual(['L1R1 alice']);
      expect(await h.pages(acknowledged.id)).toEqual([]);
      expect(h.channel.sent.map(s => s.content.incident.id).sort()).toEqual(
        [first.id, second.id].sort(),
      );
      // each escalation moved on: its next level is due after the policy's delay
      expect(
        h.queue
          .pending(ESCALATION_KINDS.step)
          .filter(item => item.id !== steps[0].id && item.id !== steps[1].id)
          .map(item => item.dueAt.getTime() - steps[0].dueAt.getTime()),
      ).toEqual([5 * MINUTE, 5 * MINUTE]);

      // the same batch again (a retry, another replica) pages nobody twice
      expect(await h.engine.runSteps(steps)).toEqual({ failed: [] });
      await h.advance(0);
      expect(await h.pages(first.id)).toEqual(['L1R1 alice']);
      expect(h.channel.sent).toHaveLength(2);
      // and the next levels fire from there
      await h.advance(5 * MINUTE);
      expect(await h.pages(first.id)).toEqual(['L1R1 alice', 'L2R1 bob']);
      expect(await h.pages(second.id)).toEqual(['L1R1 alice', 'L2R1 bob']);
    });

    it('leaves a page whose channels failed to its backstop, and records the others', async () => {
      const h = await setup();
      const first = await h.open({ title: 'First' });
      const second = await h.open({ title: 'Second' });
      h.channel.failNext = 1;
      await h.engine.runSteps(h.queue.pending(ESCALATION_KINDS.step));
      const statuses = [
        (await h.escalation.pages(first.id, user)).items[0].status,
        (await h.escalation.pages(second.id, user)).items[0].status,
      ].sort();
      expect(statuses).toEqual(['pending', 'sent']);
      // the backstop sends it a lease later
      await h.advance(30_000);
      expect(h.channel.sent).toHaveLength(2);
      for (const incident of [first, second]) {
        expect(
          (await h.escalation.pages(incident.id, user)).items[0].status,
        ).toBe('sent');
      }
    });
  });
});
