import { FakePagerDuty } from '../__testUtils__/FakePagerDuty';
import {
  admin,
  byId,
  describeImport,
  expectCheckoutEscalation,
} from '../__testUtils__/harness';
import { pagerDutyState, PD_NOW } from '../__testUtils__/pagerDutyScenario';

jest.setTimeout(120_000);

describe('importing from PagerDuty', () => {
  describeImport(
    { fake: () => new FakePagerDuty(pagerDutyState()), now: PD_NOW },
    setup => {
      it('plans every object, says what is not exact, and writes nothing', async () => {
        const { imports, schedules, store, apiUrl, fake } = await setup();
        const plan = await imports.plan(
          'pagerduty',
          { apiUrl, token: 'pd-token' },
          admin,
        );

        expect(byId(plan, 'PU2')).toMatchObject({
          action: 'matched',
          target: 'user:default/bob',
        });
        expect(byId(plan, 'PU5')).toMatchObject({
          action: 'skip',
          reason: expect.stringContaining('ghost@elsewhere.test'),
        });
        expect(byId(plan, 'PT1').target).toBe('group:default/checkout-team');
        expect(byId(plan, 'PT3').action).toBe('skip');
        expect(byId(plan, 'PSVC1').target).toBe(
          'component:default/checkout-service',
        );
        // found by the PagerDuty plugin's annotation, not by name
        expect(byId(plan, 'PSVC2').target).toBe(
          'component:default/payments-api',
        );
        expect(byId(plan, 'PSVC3').action).toBe('skip');

        for (const id of ['PS1', 'PS2', 'PS3', 'PS4']) {
          const schedule = byId(plan, id);
          expect({
            id,
            action: schedule.action,
            notExact: schedule.notExact,
          }).toEqual({
            id,
            action: 'create',
            notExact: [],
          });
          expect({ id, fidelity: schedule.fidelity }).toMatchObject({
            id,
            fidelity: {
              minutes: 56 * 24 * 60,
              matchPercent: 100,
              mismatches: [],
            },
          });
        }
        expect(byId(plan, 'PS5')).toMatchObject({
          action: 'skip',
          reason: 'members not in the catalog: ghost@elsewhere.test',
        });
        expect(byId(plan, 'PO1')).toMatchObject({
          kind: 'override',
          action: 'create',
        });
        expect(plan.objects.find(o => o.vendorId === 'PO3')).toBeUndefined();

        expect(byId(plan, 'PP1')).toMatchObject({
          action: 'create',
          exact: true,
        });
        expect(byId(plan, 'PP2')).toMatchObject({
          action: 'create',
          exact: false,
          notExact: [
            'timing: page 3: PagerDuty pages schedule:PS4 at minute 35, Lookout schedule:PS4 at minute 10',
          ],
        });
        expect(byId(plan, 'PP3').notExact).toEqual([
          'rule 1 is round robin: PagerDuty pages one of its 2 targets in turn, Lookout pages all of them',
        ]);
        expect(byId(plan, 'PP4').action).toBe('skip');
        expect(plan.summary).toMatchObject({ imported: 0 });
        expect(plan.summary.fidelity).toEqual({
          'Checkout primary (PS1)': 100,
          'Data nights (PS2)': 100,
          'Weekend cover (PS3)': 100,
          'Payments round the clock (PS4)': 100,
        });
        // users were read page by page
        expect(
          fake.server.log
            .filter(r => r.path === '/users')
            .map(r => r.query.get('offset')),
        ).toEqual(['0', '100']);
        expect(await schedules.listSchedules({})).toEqual([]);
        expect(await store.list('pagerduty')).toEqual([]);
      });

      it('applies, proves the stored schedules exact, and changes nothing when run again', async () => {
        const { imports, schedules, policies, apiUrl } = await setup();
        const applied = await imports.apply(
          'pagerduty',
          { apiUrl, token: 'pd-token' },
          admin,
        );
        expect(applied.summary.fidelity).toEqual({
          'Checkout primary (PS1)': 100,
          'Data nights (PS2)': 100,
          'Weekend cover (PS3)': 100,
          'Payments round the clock (PS4)': 100,
        });
        // 4 schedules, 2 overrides, 3 policies
        expect(applied.summary.imported).toBe(9);
        const stored = await schedules.listSchedules({});
        expect(stored.map(s => [s.name, s.ownerRef]).sort()).toEqual([
          ['Checkout primary', 'group:default/checkout-team'],
          ['Data nights', 'group:default/data-team'],
          ['Payments round the clock', 'group:default/checkout-team'],
          ['Weekend cover', 'group:default/checkout-team'],
        ]);
        const payments = stored.find(
          s => s.name === 'Payments round the clock',
        )!;
        expect(
          payments.overrides.map(o => [o.userRef, o.startsAt]).sort(),
        ).toEqual([
          ['user:default/bob', '2027-03-20T03:30:00.000Z'],
          ['user:default/dan', '2027-03-05T10:00:00.000Z'],
        ]);
        await expectCheckoutEscalation(policies, applied, {
          first: 'PS1',
          third: 'PS3',
        });

        const again = await imports.apply(
          'pagerduty',
          { apiUrl, token: 'pd-token' },
          admin,
        );
        expect(again.summary.imported).toBe(0);
        expect(
          again.objects
            .filter(o =>
              ['schedule', 'override', 'escalation_policy'].includes(o.kind),
            )
            .filter(o => o.action !== 'skip')
            .map(o => o.action),
        ).toEqual(Array(9).fill('unchanged'));
        expect(await schedules.listSchedules({})).toHaveLength(4);
        expect(await policies.listPolicies({})).toHaveLength(3);
      });

      it('follows a vendor change, but never over what a person edited in Lookout since', async () => {
        const { imports, schedules, apiUrl, fake } = await setup();
        const first = await imports.apply(
          'pagerduty',
          { apiUrl, token: 'pd-token' },
          admin,
        );
        const edited = await schedules.getSchedule(byId(first, 'PS2').target!);
        const {
          id: _,
          overrides: __,
          createdAt: ___,
          updatedAt: ____,
          ...input
        } = edited;
        await schedules.updateSchedule(
          edited.id,
          { ...input, name: 'Data nights (ours now)' },
          admin,
        );

        const state = fake.state;
        state.schedules[0].layers[1].users = ['PU2', 'PU1'];
        state.schedules[1].layers[0].users = ['PU1', 'PU4'];
        state.schedules[3].overrides = state.schedules[3].overrides!.filter(
          o => o.id !== 'PO2',
        );
        const second = await imports.apply(
          'pagerduty',
          { apiUrl, token: 'pd-token' },
          admin,
        );

        expect(byId(second, 'PS1')).toMatchObject({
          action: 'update',
          fidelity: { matchPercent: 100 },
        });
        expect(byId(second, 'PS2')).toMatchObject({
          action: 'skip',
          reason: expect.stringContaining('edited in Lookout since the import'),
        });
        expect((await schedules.getSchedule(edited.id)).name).toBe(
          'Data nights (ours now)',
        );
        expect(byId(second, 'PO2').action).toBe('delete');
        const payments = await schedules.getSchedule(
          byId(second, 'PS4').target!,
        );
        expect(payments.overrides.map(o => o.userRef)).toEqual([
          'user:default/dan',
        ]);
        // the schedule Lookout still shows differs from PagerDuty's now, and the plan says so
        expect(byId(second, 'PS2').fidelity!.matchPercent).toBeLessThan(100);
        expect(byId(second, 'PS2').fidelity!.mismatches[0]).toEqual({
          startsAt: expect.any(String),
          endsAt: expect.any(String),
          vendor: [expect.stringMatching(/^user:default\//)],
          lookout: [expect.stringMatching(/^user:default\//)],
        });
      });

      it('refuses a wrong token with a clear error and writes nothing', async () => {
        const { imports, schedules, store, apiUrl } = await setup();
        await expect(
          imports.apply('pagerduty', { apiUrl, token: 'not-it' }, admin),
        ).rejects.toThrow(
          'PagerDuty refused the API token (401 on /users): Unauthorized; check the token and its permissions. Nothing was written.',
        );
        expect(await schedules.listSchedules({})).toEqual([]);
        expect(await store.list('pagerduty')).toEqual([]);
      });

      it('waits out 429s as PagerDuty asks and retries 500s', async () => {
        const { imports, waits, apiUrl, fake } = await setup();
        fake.rateLimitNext(2, 3);
        fake.failNext(500, 1);
        const plan = await imports.plan(
          'pagerduty',
          { apiUrl, token: 'pd-token' },
          admin,
        );
        // two waits as ratelimit-reset asks, then the back-off of a third attempt
        expect(waits).toEqual([3000, 3000, 4]);
        expect(plan.summary.fidelity['Checkout primary (PS1)']).toBe(100);
      });

      it('stops with nothing written when PagerDuty keeps failing', async () => {
        const { imports, schedules, store, apiUrl, fake } = await setup();
        fake.failNext(500, 20);
        await expect(
          imports.apply('pagerduty', { apiUrl, token: 'pd-token' }, admin),
        ).rejects.toThrow(
          'PagerDuty kept failing after 4 attempts (500 on /users: Internal Server Error); nothing was written',
        );
        expect(await schedules.listSchedules({})).toEqual([]);
        expect(await store.list('pagerduty')).toEqual([]);
      });
    },
  );
});
