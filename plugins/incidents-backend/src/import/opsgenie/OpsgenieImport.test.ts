import { FakeOpsgenie } from '../__testUtils__/FakeOpsgenie';
import {
  admin,
  byId,
  describeImport,
  expectCheckoutEscalation,
} from '../__testUtils__/harness';
import { OG_NOW, opsgenieState } from '../__testUtils__/opsgenieScenario';

jest.setTimeout(120_000);

describe('importing from Opsgenie', () => {
  describeImport(
    { fake: () => new FakeOpsgenie(opsgenieState()), now: OG_NOW },
    setup => {
      it('plans, applies exactly what Lookout can say, and changes nothing the second time', async () => {
        const { imports, schedules, policies, store, apiUrl, fake } =
          await setup();
        const plan = await imports.plan(
          'opsgenie',
          { apiUrl, token: 'og-key' },
          admin,
        );

        expect(byId(plan, 'OU2')).toMatchObject({
          action: 'matched',
          target: 'user:default/bob',
        });
        expect(byId(plan, 'OT2').target).toBe('group:default/data-team');
        for (const id of ['OS1', 'OS2', 'OS3']) {
          expect({ id, ...byId(plan, id) }).toMatchObject({
            id,
            action: 'create',
            exact: true,
            notExact: [],
            fidelity: { minutes: 56 * 1440, matchPercent: 100, mismatches: [] },
          });
        }
        const twoAtOnce = byId(plan, 'OS4');
        expect(twoAtOnce).toMatchObject({
          action: 'create',
          exact: false,
          notExact: [
            'rotations "A" and "B" overlap: Opsgenie has both on call at once, in Lookout the later layer wins',
          ],
        });
        // and the proof shows it: every minute has two people in Opsgenie, one in Lookout
        expect(twoAtOnce.fidelity!.matchPercent).toBe(0);
        expect(twoAtOnce.fidelity!.mismatches[0].vendor).toHaveLength(2);
        expect(byId(plan, 'OS5')).toMatchObject({
          action: 'skip',
          reason: 'participants not in the catalog: ghost@elsewhere.test',
        });
        expect(byId(plan, 'ov-1')).toMatchObject({
          kind: 'override',
          action: 'create',
        });
        expect(byId(plan, 'OE1')).toMatchObject({
          action: 'create',
          exact: true,
          notExact: [],
        });
        expect(byId(plan, 'OE2').notExact).toEqual([
          'rule 1 notifies "next" of its schedule; Lookout pages who is on call now',
          'rule 2 pages until the alert is closed; Lookout stops escalating at acknowledgement',
        ]);
        expect(byId(plan, 'OE3').action).toBe('skip');
        expect(
          fake.server.log
            .filter(r => r.path === '/v2/users')
            .map(r => r.query.get('offset')),
        ).toEqual(['0', '100']);
        expect(await schedules.listSchedules({})).toEqual([]);

        const applied = await imports.apply(
          'opsgenie',
          { apiUrl, token: 'og-key' },
          admin,
        );
        expect(applied.summary).toMatchObject({
          // 4 schedules, 1 override, 2 escalations
          imported: 7,
          fidelity: {
            'Checkout hourly (OS1)': 100,
            'Data around the clock (OS2)': 100,
            'Weekend (OS3)': 100,
            'Two at once (OS4)': 0,
          },
        });
        await expectCheckoutEscalation(policies, applied, {
          first: 'OS1',
          third: 'OS3',
        });
        const again = await imports.apply(
          'opsgenie',
          { apiUrl, token: 'og-key' },
          admin,
        );
        expect(again.summary.imported).toBe(0);
        expect(again.summary.fidelity).toEqual(applied.summary.fidelity);
        expect((await store.list('opsgenie')).length).toBe(7);
      });

      it('refuses a wrong key, and rides out 429 and 500', async () => {
        const { imports, schedules, waits, apiUrl, fake } = await setup();
        await expect(
          imports.apply('opsgenie', { apiUrl, token: 'wrong' }, admin),
        ).rejects.toThrow(
          'Opsgenie refused the API token (401 on /v2/users): Could not authenticate; check the token and its permissions. Nothing was written.',
        );
        expect(await schedules.listSchedules({})).toEqual([]);

        fake.rateLimitNext(1, 2);
        fake.failNext(502, 1);
        const plan = await imports.plan(
          'opsgenie',
          { apiUrl, token: 'og-key' },
          admin,
        );
        expect(waits).toEqual([2000, 2]);
        expect(plan.summary.fidelity['Checkout hourly (OS1)']).toBe(100);

        fake.failNext(500, 10);
        await expect(
          imports.apply('opsgenie', { apiUrl, token: 'og-key' }, admin),
        ).rejects.toThrow('Opsgenie kept failing after 4 attempts');
        expect(await schedules.listSchedules({})).toEqual([]);
      });
    },
  );
});
