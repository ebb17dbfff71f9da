import { mockCredentials } from '@backstage/backend-test-utils';
import { eachDatabase } from '../__testUtils__/databases';
import {
  ACK_SECRET,
  checkoutHarness,
  MINUTE,
  threeLevels,
  user,
} from './__testUtils__/harness';
import { AckTokens } from '../paging/ackTokens';
import { ESCALATION_KINDS } from './types';

jest.setTimeout(60_000);

describe('EscalationService', () => {
  eachDatabase(({ init }) => {
    const setup = async (repeat = 0) =>
      checkoutHarness(await init(), {
        repeat,
        members: ['user:default/carol', 'user:default/dave'],
      });

    it('pages level 1 at once, level 2 after its delay, level 3 after its own', async () => {
      const h = await setup();
      const incident = await h.open();
      await h.advance(0);
      expect(await h.pages(incident.id)).toEqual(['L1R1 alice']);

      await h.advance(5 * MINUTE - 1);
      expect(await h.pages(incident.id)).toEqual(['L1R1 alice']);
      await h.advance(1);
      expect(await h.pages(incident.id)).toEqual(['L1R1 alice', 'L2R1 bob']);

      await h.advance(10 * MINUTE);
      expect(await h.pages(incident.id)).toEqual([
        'L1R1 alice',
        'L2R1 bob',
        'L3R1 carol',
        'L3R1 dave',
      ]);
      const { escalation, items } = await h.escalation.pages(incident.id, user);
      expect(escalation).toMatchObject({
        state: 'exhausted',
        level: 3,
        round: 1,
        policyName: 'Checkout',
      });
      // each page went out once, through the channel, due when the policy said
      expect(items.map(p => [p.status, p.dueAt])).toEqual([
        ['sent', new Date(h.queue.clock - 15 * MINUTE).toISOString()],
        ['sent', new Date(h.queue.clock - 10 * MINUTE).toISOString()],
        ['sent', new Date(h.queue.clock).toISOString()],
        ['sent', new Date(h.queue.clock).toISOString()],
      ]);
      // carol and dave fall due together and may go out in either order
      expect(h.channel.sent.map(s => s.page.userRef).sort()).toEqual([
        'user:default/alice',
        'user:default/bob',
        'user:default/carol',
        'user:default/dave',
      ]);
      expect(h.queue.pending(ESCALATION_KINDS.step)).toEqual([]);
      // the pages went out at once; their backstops find them sent and send nothing again
      await h.advance(30_000);
      expect(h.channel.sent).toHaveLength(4);
      expect(h.queue.pending()).toEqual([]);
    });

    it('resolves a schedule to whoever is on call when the level fires', async () => {
      const h = await setup();
      const incident = await h.open();
      await h.advance(0);
      // the secondary hands over before level 2 falls due
      h.oncall.onCall.set('secondary', 'user:default/dave');
      await h.advance(5 * MINUTE);
      expect(await h.pages(incident.id)).toEqual(['L1R1 alice', 'L2R1 dave']);
    });

    it('freezes the policy when the escalation starts', async () => {
      const h = await setup();
      const incident = await h.open();
      h.oncall.policies.set('group:default/checkout-team', {
        ...threeLevels(),
        levels: [threeLevels().levels[0]],
      });
      await h.advance(15 * MINUTE);
      expect((await h.pages(incident.id)).length).toBe(4);
    });

    it('repeats the rounds the policy asks for, then stops', async () => {
      const h = await setup(2);
      const incident = await h.open();
      await h.advance(0);
      // a round takes 15 minutes; the next starts after the first level's delay or, as it
      // is 0, the last level's (10 minutes)
      await h.advance(15 * MINUTE);
      expect((await h.pages(incident.id)).slice(-2)).toEqual([
        'L3R1 carol',
        'L3R1 dave',
      ]);
      await h.advance(10 * MINUTE);
      expect((await h.pages(incident.id)).slice(-1)).toEqual(['L1R2 alice']);
      await h.advance(60 * MINUTE);
      const pages = await h.pages(incident.id);
      expect(pages.length).toBe(12);
      expect(pages.filter(p => p.startsWith('L1'))).toEqual([
        'L1R1 alice',
        'L1R2 alice',
        'L1R3 alice',
      ]);
      await h.advance(600 * MINUTE);
      expect((await h.pages(incident.id)).length).toBe(12);
      expect(h.queue.pending()).toEqual([]);
    });

    it('stops when the incident is acknowledged', async () => {
      const h = await setup();
      const incident = await h.open();
      await h.advance(0);
      await h.incidents.acknowledge(incident.id, user);
      expect(h.queue.pending(ESCALATION_KINDS.step)).toEqual([]);
      await h.advance(60 * MINUTE);
      expect(await h.pages(incident.id)).toEqual(['L1R1 alice']);
      const { escalation, items } = await h.escalation.pages(incident.id, user);
      expect(escalation?.state).toBe('acknowledged');
      expect(items[0]).toMatchObject({
        status: 'acknowledged',
        acknowledgedAt: expect.any(String),
      });
    });

    it('does nothing when a level fires after an acknowledgement it was not told of', async () => {
      const h = await setup();
      const incident = await h.open();
      await h.advance(0);
      // acknowledged on a replica that died before stopping the escalation
      await h.incidentsStore.updateIncident(1, () => ({
        changes: {},
        events: [
          {
            type: 'acknowledged',
            actor: 'user:default/alice',
            at: new Date(h.queue.clock).toISOString(),
          },
        ],
      }));
      expect(h.queue.pending(ESCALATION_KINDS.step)).toHaveLength(1);
      await h.advance(60 * MINUTE);
      expect(await h.pages(incident.id)).toEqual(['L1R1 alice']);
      expect(await h.state(incident.id)).toBe('acknowledged');
    });

    it('stops when the incident is resolved', async () => {
      const h = await setup();
      const incident = await h.open();
      await h.advance(5 * MINUTE);
      await h.incidents.transition(incident.id, { to: 'resolved' }, user);
      await h.advance(60 * MINUTE);
      expect(await h.pages(incident.id)).toEqual(['L1R1 alice', 'L2R1 bob']);
      expect(await h.state(incident.id)).toBe('resolved');
    });

    it('escalates by hand to the next level, then continues from there', async () => {
      const h = await setup();
      const incident = await h.open();
      await h.advance(MINUTE);
      await h.escalation.escalateNow(incident.id, user);
      await h.advance(0);
      expect(await h.pages(incident.id)).toEqual(['L1R1 alice', 'L2R1 bob']);
      // the level-2 timer is gone; level 3 now falls due 10 minutes after the manual step
      await h.advance(9 * MINUTE);
      expect((await h.pages(incident.id)).length).toBe(2);
      await h.advance(MINUTE);
      expect(await h.pages(incident.id)).toEqual([
        'L1R1 alice',
        'L2R1 bob',
        'L3R1 carol',
        'L3R1 dave',
      ]);
      await expect(h.escalation.escalateNow(incident.id, user)).rejects.toThrow(
        /last level of its last round/,
      );
    });

    it('pages a reassigned person even after the acknowledgement', async () => {
      const h = await setup();
      const incident = await h.open();
      await h.advance(MINUTE);
      await h.incidents.acknowledge(incident.id, user);
      const page = await h.escalation.reassign(
        incident.id,
        'User:default/Dave',
        user,
      );
      expect(page).toMatchObject({
        level: 0,
        round: 0,
        userRef: 'user:default/dave',
        reason: 'reassigned by user:default/alice',
        status: 'sent',
      });
      await h.advance(MINUTE);
      expect(await h.pages(incident.id)).toEqual(['L1R1 alice', 'L0R0 dave']);
      expect(h.channel.sent.map(s => s.page.userRef)).toEqual([
        'user:default/alice',
        'user:default/dave',
      ]);
      await expect(
        h.escalation.reassign(incident.id, 'group:default/checkout-team', user),
      ).rejects.toThrow(/User entities/);
      await expect(
        h.escalation.reassign(incident.id, 'user:default/nobody', user),
      ).rejects.toThrow(/not in the catalog/);
    });

    it('pages the same person once for each reassignment to them', async () => {
      const h = await setup();
      const incident = await h.open();
      await h.advance(MINUTE);
      const first = await h.escalation.reassign(
        incident.id,
        'user:default/dave',
        user,
      );
      await h.advance(MINUTE);
      await h.escalation.reassign(incident.id, 'user:default/carol', user);
      await h.advance(MINUTE);
      const second = await h.escalation.reassign(
        incident.id,
        'user:default/dave',
        user,
      );
      expect(second.id).not.toBe(first.id);
      expect(second).toMatchObject({ level: 0, round: 0, status: 'sent' });
      // the backstops of the three pages find them sent and send nothing again
      await h.advance(MINUTE);
      expect(await h.pages(incident.id)).toEqual([
        'L1R1 alice',
        'L0R0 dave',
        'L0R0 carol',
        'L0R0 dave',
      ]);
      expect(h.channel.sent.map(s => s.page.userRef)).toEqual([
        'user:default/alice',
        'user:default/dave',
        'user:default/carol',
        'user:default/dave',
      ]);
      const timeline = await h.incidents.timeline(incident.id, user);
      expect(
        timeline.filter(
          e =>
            e.type === 'page_sent' && e.data?.userRef === 'user:default/dave',
        ),
      ).toHaveLength(2);
    });

    it('restarts the escalation from its first level when a resolved incident reopens', async () => {
      const h = await setup();
      const incident = await h.open();
      await h.advance(5 * MINUTE);
      await h.incidents.transition(incident.id, { to: 'resolved' }, user);
      await h.advance(60 * MINUTE);
      expect(await h.pages(incident.id)).toEqual(['L1R1 alice', 'L2R1 bob']);

      await h.incidents.transition(incident.id, { to: 'investigating' }, user);
      const reopenedAt = h.queue.clock;
      await h.advance(0);
      expect(await h.pages(incident.id)).toEqual([
        'L1R1 alice',
        'L2R1 bob',
        'L1R1 alice',
      ]);
      await h.advance(15 * MINUTE);
      expect(await h.pages(incident.id)).toEqual([
        'L1R1 alice',
        'L2R1 bob',
        'L1R1 alice',
        'L2R1 bob',
        'L3R1 carol',
        'L3R1 dave',
      ]);
      expect(h.channel.sent).toHaveLength(6);
      const { escalation } = await h.escalation.pages(incident.id, user);
      expect(escalation).toMatchObject({
        state: 'exhausted',
        level: 3,
        round: 1,
        startedAt: new Date(reopenedAt).toISOString(),
      });
    });

    it('restarts a reopened incident that was acknowledged before, until a page of the new run is acknowledged', async () => {
      const h = await setup();
      const incident = await h.open();
      await h.advance(0);
      await h.incidents.acknowledge(incident.id, user);
      await h.incidents.transition(incident.id, { to: 'resolved' }, user);
      expect(await h.state(incident.id)).toBe('resolved');

      // the alert fires again: the earlier acknowledgement answered the earlier pages
      await h.incidents.transition(incident.id, { to: 'investigating' }, user);
      await h.advance(5 * MINUTE);
      expect(await h.pages(incident.id)).toEqual([
        'L1R1 alice',
        'L1R1 alice',
        'L2R1 bob',
      ]);
      const { items } = await h.escalation.pages(incident.id, user);
      expect(items.map(p => p.status)).toEqual([
        'acknowledged',
        'sent',
        'sent',
      ]);

      // alice, not the paged person, acknowledges bob's page: the incident keeps its first
      // acknowledgement, and the new run stops
      await h.paging.acknowledgePage(items[2].id, user);
      expect(h.queue.pending(ESCALATION_KINDS.step)).toEqual([]);
      await h.advance(60 * MINUTE);
      expect((await h.pages(incident.id)).length).toBe(3);
      const after = await h.escalation.pages(incident.id, user);
      expect(after.escalation?.state).toBe('acknowledged');
      expect(after.items.map(p => p.status)).toEqual([
        'acknowledged',
        'acknowledged',
        'acknowledged',
      ]);
    });

    it('stops the new run of a reopened incident when the incident is acknowledged again', async () => {
      const h = await setup();
      const incident = await h.open();
      await h.advance(0);
      const first = await h.incidents.acknowledge(incident.id, user);
      await h.incidents.transition(incident.id, { to: 'resolved' }, user);
      const reopened = await h.incidents.transition(
        incident.id,
        { to: 'investigating' },
        user,
      );
      // the reopened incident waits for a new acknowledgement, so the portal offers it
      expect(reopened.acknowledgedAt).toBeNull();
      await h.advance(0);
      expect(await h.pages(incident.id)).toEqual(['L1R1 alice', 'L1R1 alice']);

      const again = await h.incidents.acknowledge(incident.id, user);
      // MTTA keeps measuring the first acknowledgement
      expect(again.acknowledgedAt).toBe(first.acknowledgedAt);
      expect(h.queue.pending(ESCALATION_KINDS.step)).toEqual([]);
      await h.advance(60 * MINUTE);
      expect((await h.pages(incident.id)).length).toBe(2);
      expect(await h.state(incident.id)).toBe('acknowledged');
    });

    it('restarts once for a reopen by an alert, however often it is told', async () => {
      const h = await setup();
      const incident = await h.open();
      await h.advance(0);
      await h.incidents.transition(incident.id, { to: 'resolved' }, user);
      const resolved = await h.incidents.get(incident.id, user);
      const change = await h.alertIncidents.attachAlert(
        h.incidentsStore,
        resolved,
        { fingerprint: 'abc' },
        'service:alertmanager',
      );
      expect(change.type).toBe('transitioned');
      await h.alertIncidents.announce(change, user);
      await h.engine.onIncidentChange(change);
      await h.advance(0);
      expect(await h.pages(incident.id)).toEqual(['L1R1 alice', 'L1R1 alice']);
      expect(h.queue.pending(ESCALATION_KINDS.step)).toHaveLength(1);

      // a stop for the earlier resolution that arrives late leaves the new run alone
      await h.engine.onIncidentChange({
        type: 'transitioned',
        incident: resolved,
      });
      await h.advance(5 * MINUTE);
      expect((await h.pages(incident.id)).slice(-1)).toEqual(['L2R1 bob']);
    });

    it('does not send a page of the earlier run that had not gone out when the incident reopened', async () => {
      const h = await setup();
      const incident = await h.open();
      h.channel.failNext = 1;
      await h.advance(0);
      expect(h.channel.sent).toHaveLength(0);
      await h.incidents.transition(incident.id, { to: 'resolved' }, user);
      await h.incidents.transition(incident.id, { to: 'investigating' }, user);
      // the new run pages alice at once; the backstop of the old page then sends nothing
      await h.advance(60_000);
      expect(h.channel.sent.map(s => s.page.run)).toEqual([2]);
      const { items } = await h.escalation.pages(incident.id, user);
      expect(items.map(p => [p.level, p.status])).toEqual([
        [1, 'failed'],
        [1, 'sent'],
      ]);
    });

    it('does not restart when an open incident moves between open statuses', async () => {
      const h = await setup();
      const incident = await h.open();
      await h.advance(0);
      await h.incidents.acknowledge(incident.id, user);
      await h.incidents.transition(incident.id, { to: 'investigating' }, user);
      await h.incidents.transition(incident.id, { to: 'identified' }, user);
      await h.advance(60 * MINUTE);
      expect(await h.pages(incident.id)).toEqual(['L1R1 alice']);
      expect(await h.state(incident.id)).toBe('acknowledged');
    });

    it('sends the incident, its blast radius, runbook and an acknowledge link, and records it', async () => {
      const h = await setup();
      const incident = await h.open();
      await h.incidentsStore.appendEvents(1, [
        {
          type: 'blast_radius',
          actor: 'service:plugin:incidents',
          at: new Date(h.queue.clock).toISOString(),
          data: {
            entityRef: incident.entityRef,
            direction: 'downstream',
            total: 7,
            hidden: 0,
            byKind: { component: 7 },
            systems: ['system:default/shop'],
            owners: [],
            customerFacing: ['component:default/storefront-web'],
            cutoff: false,
            refs: [],
          },
        },
      ]);
      await h.advance(0);
      const [{ content }] = h.channel.sent;
      expect(content.title).toBe('[SEV1] INC-1: Checkout is failing');
      expect(content.runbookUrl).toBe('https://runbooks.example.com/checkout');
      expect(content.incidentUrl).toBe('http://portal.test/incidents/INC-1');
      expect(content.acknowledgeUrl).toMatch(
        /^http:\/\/backend\.test\/api\/incidents\/ack-links\/[\w-]+\.[\w-]+$/,
      );
      expect(content.description).toContain(
        'Blast radius: 7 entities across system:default/shop; customer-facing: component:default/storefront-web',
      );
      const timeline = await h.incidents.timeline(incident.id, user);
      expect(timeline.find(e => e.type === 'page_sent')).toMatchObject({
        actor: 'service:plugin:incidents',
        data: {
          userRef: 'user:default/alice',
          level: 1,
          round: 1,
          channels: ['recording'],
        },
      });
    });

    it('retries a page whose channels all failed, through its backstop', async () => {
      const h = await setup();
      const incident = await h.open();
      h.channel.failNext = 2;
      await h.advance(0);
      expect(h.channel.sent).toHaveLength(0);
      // the backstop, a lease later, fails once more and then retries with backoff
      await h.advance(30_000);
      expect(h.channel.sent).toHaveLength(0);
      await h.advance(1000);
      expect(h.channel.sent).toHaveLength(1);
      expect(
        (await h.escalation.pages(incident.id, user)).items[0].status,
      ).toBe('sent');
    });

    it('acknowledges through a signed link, and refuses a forged or expired one', async () => {
      const h = await setup();
      const incident = await h.open();
      await h.advance(0);
      const token = h.channel.sent[0].content.acknowledgeUrl.split('/').pop()!;

      const forged = await new AckTokens(
        async () => 'another secret',
        3_600_000,
      ).sign(h.channel.sent[0].page.id, h.queue.clock);
      await expect(h.paging.acknowledgeByLink(forged)).rejects.toThrow(
        /not valid/,
      );
      const [payload, signature] = token.split('.');
      const otherPage = Buffer.from(
        JSON.stringify({ p: 'another-page', e: 9999999999 }),
      ).toString('base64url');
      await expect(
        h.paging.acknowledgeByLink(`${otherPage}.${signature}`),
      ).rejects.toThrow(/not valid/);
      expect(payload).toBeTruthy();

      const expired = await new AckTokens(async () => ACK_SECRET, 1000).sign(
        h.channel.sent[0].page.id,
        h.queue.clock - 5000,
      );
      await expect(h.paging.acknowledgeByLink(expired)).rejects.toThrow(
        /expired/,
      );
      expect(
        (await h.incidents.get(incident.id, user)).acknowledgedAt,
      ).toBeNull();

      await h.paging.acknowledgeByLink(token);
      const acknowledged = await h.incidents.get(incident.id, user);
      expect(acknowledged.acknowledgedAt).not.toBeNull();
      const timeline = await h.incidents.timeline(incident.id, user);
      expect(timeline.find(e => e.type === 'acknowledged')?.actor).toBe(
        'user:default/alice',
      );
      expect(h.queue.pending(ESCALATION_KINDS.step)).toEqual([]);
    });

    it("lists a user's pages and lets the paged person acknowledge from one", async () => {
      const h = await setup();
      const incident = await h.open();
      await h.advance(5 * MINUTE);
      const bob = mockCredentials.user('user:default/bob');
      const [mine] = await h.paging.myPages({ limit: 10 }, bob);
      expect(mine).toMatchObject({
        incidentId: incident.id,
        incidentTitle: 'Checkout is failing',
        incidentSeverity: 'SEV1',
        level: 2,
        status: 'sent',
      });
      const acked = await h.paging.acknowledgePage(mine.id, bob);
      expect(acked.status).toBe('acknowledged');
      expect(
        await h.paging.myPages({ limit: 10, status: ['sent'] }, bob),
      ).toEqual([]);
      await expect(
        h.paging.myPages({ limit: 10 }, mockCredentials.service()),
      ).rejects.toThrow(/signed-in user/);
    });

    it('starts once however often it is told the incident opened', async () => {
      const h = await setup();
      const incident = await h.open();
      await h.engine.start(incident);
      await h.engine.onIncidentChange({ type: 'declared', incident });
      await h.advance(30 * MINUTE);
      expect((await h.pages(incident.id)).length).toBe(4);
    });
  });
});
