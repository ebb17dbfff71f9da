import { Server } from 'node:http';
import request from 'supertest';
import {
  API,
  createKey,
  eventually,
  eachSupportDatabase,
  startSupportBackend,
} from './__testUtils__/supportBackend';

jest.setTimeout(180_000);

/** Who reported an incident reaches its triage and its status-page draft, never what they wrote. */
describe('customer reports as evidence', () => {
  eachSupportDatabase(({ init, helpdesks }) => {
    let server: Server;

    const triage = async (id: string) =>
      (await request(server).get(`${API}/incidents/${id}/triage`).expect(200))
        .body;
    const draft = async (incidentId: string, status?: string) =>
      (
        await request(server)
          .get(`${API}/communications/draft`)
          .query({ incidentId, ...(status ? { status } : {}) })
          .expect(200)
      ).body.body as string;
    const customerReasons = (t: any): string[] =>
      t.severity.reasons
        .map((r: { text: string }) => r.text)
        .filter((text: string) => text.includes('customer report'));

    it('linked reports raise the suggested severity with their count as the reason, and the draft says customers reported it', async () => {
      server = await startSupportBackend(await init(), helpdesks, {
        incidents: { triage: { recomputeDelay: { milliseconds: 100 } } },
      });
      const incident = (
        await request(server)
          .post(`${API}/incidents`)
          .send({
            title: 'Search results are empty',
            severity: 'SEV4',
            entityRef: 'component:default/search-api',
          })
          .expect(201)
      ).body;
      const before = await triage(incident.id);
      expect(before.severity.severity).toBe('SEV4');
      expect(customerReasons(before)).toEqual([]);
      expect(await draft(incident.id)).not.toContain('support team');

      const { key } = await createKey(server, 'support');
      for (const [ticketId, requester, organization] of [
        ['S-1', 'ann@acme.test', 'Acme'],
        ['S-2', 'bob@globex.test', 'Globex'],
      ]) {
        await request(server)
          .post(`${API}/support/intake/generic`)
          .set('Authorization', `Bearer ${key}`)
          .send({
            ticketId,
            subject: `SECRET-${ticketId} nothing found`,
            description: 'our private order numbers',
            requester,
            organization,
          })
          .expect(202);
      }
      const { items } = (
        await request(server).get(`${API}/support/reports`).expect(200)
      ).body;
      expect(items).toHaveLength(2);
      for (const report of items) {
        await request(server)
          .post(`${API}/support/reports/${report.id}/link`)
          .send({ incidentId: incident.id })
          .expect(200);
      }

      // linking is new evidence: the triage is computed again without anyone asking
      const after = await eventually(
        () => triage(incident.id),
        t => customerReasons(t).length > 0,
      );
      expect(after.severity.severity).toBe('SEV3');
      expect(customerReasons(after)).toEqual([
        expect.stringMatching(
          /^2 customer reports from 2 organisations \(Acme, Globex\) since \d\d:\d\d UTC.*: customers are hurt, so at least SEV3$/,
        ),
      ]);

      const investigating = await draft(incident.id);
      expect(investigating).toContain(
        'Customers have reported this to our support team, and each of them will hear from us when it is resolved.',
      );
      const resolved = await draft(incident.id, 'resolved');
      expect(resolved).toMatch(
        /resolved.*Every customer who reported this to our support team will hear from us directly\.$/,
      );
      for (const body of [investigating, resolved]) {
        expect(body).not.toMatch(/SECRET|private|Acme|Globex|ann@|bob@/);
      }

      const impact = (
        await request(server)
          .get(`${API}/support/impact`)
          .query({ incidentId: incident.id })
          .expect(200)
      ).body.items;
      expect(impact).toMatchObject([
        {
          incidentId: incident.id,
          reports: 2,
          customers: 2,
          organizations: ['Acme', 'Globex'],
          coverage: { total: 2, told: 0, pending: 0, failed: [] },
        },
      ]);
    });
  });
});
