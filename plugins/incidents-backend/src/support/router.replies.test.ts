import { Server } from 'node:http';
import request from 'supertest';
import {
  API,
  createKey,
  eventually,
  intercomNotification,
  postIntercom,
  postZendesk,
  eachSupportDatabase,
  startSupportBackend,
  zendeskTicketEvent,
} from './__testUtils__/supportBackend';

jest.setTimeout(180_000);

// Every reporter hears back, whatever the helpdesks do; the intake and agent routes are in
// router.test.ts.
describe('support routes: replies to reporters', () => {
  eachSupportDatabase(({ databaseId, init, helpdesks }) => {
    let server: Server;

    const start = async () => {
      server = await startSupportBackend(await init(), helpdesks, {});
    };

    const declare = async () => {
      const res = await request(server).post(`${API}/incidents`).send({
        title: 'Payments failing: card authorisations time out',
        severity: 'SEV2',
        entityRef: 'component:default/checkout-service',
      });
      expect(res.status).toBe(201);
      return res.body;
    };

    const transition = async (id: string, to: string) => {
      const res = await request(server)
        .post(`${API}/incidents/${id}/transition`)
        .send({ to });
      expect(res.status).toBe(200);
      return res.body;
    };

    it('every reporter hears back: notes on status changes, one reply on resolution, through 500 and 429, recorded per ticket', async () => {
      await start();
      const incident = await declare();
      const zendesk = await createKey(server, 'zendesk');
      const intercom = await createKey(server, 'intercom');
      const freshdesk = await createKey(server, 'freshdesk');
      const ids = {
        zendesk: `z${databaseId}`,
        intercom: `i${databaseId}`,
        freshdesk: `f${databaseId}`,
        gone: `g${databaseId}`,
      };
      helpdesks.zendesk.addTicket(ids.zendesk);
      helpdesks.intercom.addTicket(ids.intercom);
      helpdesks.freshdesk.addTicket(ids.freshdesk);

      const linkTo = async (reportId: string) => {
        const res = await request(server)
          .post(`${API}/support/reports/${reportId}/link`)
          .send({ incidentId: incident.id });
        expect(res.status).toBe(200);
      };
      await linkTo(
        (
          await postZendesk(
            server,
            zendesk.key,
            zendesk.signingSecret!,
            zendeskTicketEvent(ids.zendesk),
          )
        ).body.reportId,
      );
      await linkTo(
        (
          await postZendesk(
            server,
            zendesk.key,
            zendesk.signingSecret!,
            zendeskTicketEvent(ids.gone),
          )
        ).body.reportId,
      );
      await linkTo(
        (
          await postIntercom(
            server,
            intercom.key,
            intercom.signingSecret!,
            intercomNotification(ids.intercom),
          )
        ).body.reportId,
      );
      await linkTo(
        (
          await request(server)
            .post(`${API}/support/intake/freshdesk`)
            .set('Authorization', `Bearer ${freshdesk.key}`)
            .send({
              ticket_id: ids.freshdesk,
              ticket_subject: 'Payments fail',
              ticket_requester_email: 'd@hooli.test',
              ticket_company_name: 'Hooli',
            })
        ).body.reportId,
      );

      await transition(incident.id, 'identified');
      const notes = await eventually(
        async () =>
          [ids.zendesk, ids.intercom, ids.freshdesk].map(
            id =>
              (
                helpdesks.zendesk.messages.get(id) ??
                helpdesks.intercom.messages.get(id) ??
                helpdesks.freshdesk.messages.get(id) ??
                []
              ).length,
          ),
        counts => counts.every(c => c === 1),
      );
      expect(notes).toEqual([1, 1, 1]);
      expect(helpdesks.zendesk.messages.get(ids.zendesk)![0]).toMatchObject({
        public: false,
        body: expect.stringMatching(/identified/),
      });
      expect(helpdesks.intercom.messages.get(ids.intercom)![0].public).toBe(
        false,
      );
      expect(helpdesks.freshdesk.messages.get(ids.freshdesk)![0].public).toBe(
        false,
      );

      // the helpdesks stumble: Zendesk fails twice, Freshdesk throttles
      helpdesks.zendesk.failNext(2, 500);
      helpdesks.freshdesk.failNext(1, 429);
      const throttledBefore = helpdesks.freshdesk.throttled;
      const zendeskCallsBefore = helpdesks.zendesk.requests;
      await transition(incident.id, 'resolved');
      const impactOf = async () =>
        (
          await request(server).get(
            `${API}/support/impact?incidentId=${incident.id}`,
          )
        ).body.items[0];
      const impact = await eventually(
        impactOf,
        i => i.coverage.told === 3 && i.coverage.failed.length === 1,
        60_000,
      );
      expect(impact).toMatchObject({
        reports: 4,
        customers: 3,
        organizations: ['509974', 'Globex', 'Hooli'],
        coverage: {
          total: 4,
          told: 3,
          pending: 0,
          failed: [
            {
              ticketId: ids.gone,
              provider: 'zendesk',
              error: expect.stringMatching(/404/),
            },
          ],
        },
      });
      expect(helpdesks.freshdesk.throttled).toBe(throttledBefore + 1);
      // two answered 500, then the two replies (one to the missing ticket: 404, not retried)
      expect(helpdesks.zendesk.requests - zendeskCallsBefore).toBe(4);
      for (const [desk, id] of [
        ['zendesk', ids.zendesk],
        ['intercom', ids.intercom],
        ['freshdesk', ids.freshdesk],
      ] as const) {
        const publicOnes = helpdesks[desk].messages
          .get(id)!
          .filter(m => m.public);
        expect(publicOnes).toHaveLength(1);
        expect(publicOnes[0].body).toMatch(/resolved/);
      }

      // the missing ticket appears; the retry button tells its reporter too
      helpdesks.zendesk.addTicket(ids.gone);
      const retried = await request(server).post(
        `${API}/support/incidents/${incident.id}/retry`,
      );
      // its status note and its resolution reply both failed; both go again
      expect(retried.body).toEqual({ retried: 2 });
      const after = await eventually(impactOf, i => i.coverage.told === 4);
      expect(after.coverage).toEqual({
        total: 4,
        told: 4,
        pending: 0,
        failed: [],
      });
      // coverage counts the reply; the retried status note may land a moment later
      await eventually(
        async () => helpdesks.zendesk.messages.get(ids.gone)?.length ?? 0,
        n => n >= 2,
      );
      expect(
        helpdesks.zendesk.messages
          .get(ids.gone)!
          .map(m => m.public)
          .sort(),
      ).toEqual([false, true]);

      const figures = (await request(server).get(`${API}/support/figures`))
        .body;
      expect(figures.customersNotified).toEqual({
        share: 1,
        numerator: 4,
        denominator: 4,
      });
      expect(figures.escalationResolutionSeconds.n).toBe(4);
      expect(figures.byTeam).toEqual([
        expect.objectContaining({
          groupRef: 'group:default/checkout-team',
          customersNotified: { share: 1, numerator: 4, denominator: 4 },
        }),
      ]);
      expect(figures.weekly.length).toBeGreaterThanOrEqual(4);
    });
  });
});
