import { FakePagerDuty } from '../__testUtils__/FakePagerDuty';
import { admin, byId, describeImport } from '../__testUtils__/harness';
import { pagerDutyFlexibleState } from '../__testUtils__/pagerDutyFlexibleScenario';
import { PD_NOW } from '../__testUtils__/pagerDutyScenario';

jest.setTimeout(120_000);

const EIGHT_WEEKS = 56 * 24 * 60;
const token = { token: 'pd-token' };

describe('importing rotation-based PagerDuty schedules', () => {
  describeImport(
    { fake: () => new FakePagerDuty(pagerDutyFlexibleState()), now: PD_NOW },
    setup => {
      it('maps RRULE events onto layers, exact against PagerDuty where it says so', async () => {
        const { imports, schedules, apiUrl, fake } = await setup();
        const plan = await imports.plan(
          'pagerduty',
          { apiUrl, ...token },
          admin,
        );

        for (const id of ['PF1', 'PF2', 'PF3']) {
          expect({ id, ...byId(plan, id) }).toMatchObject({
            id,
            action: 'create',
            exact: true,
            notExact: [],
            fidelity: {
              minutes: EIGHT_WEEKS,
              matchPercent: 100,
              mismatches: [],
            },
          });
        }
        expect(byId(plan, 'CS1')).toMatchObject({
          kind: 'override',
          action: 'create',
        });
        expect(byId(plan, 'OV1')).toMatchObject({
          kind: 'override',
          action: 'create',
        });

        const notRepeatable = byId(plan, 'PF4');
        expect(notRepeatable).toMatchObject({ action: 'create', exact: false });
        expect(notRepeatable.notExact).toEqual([
          'Saturday pair: EXDATE:20270313T100000Z cannot be repeated by a Lookout layer; ignored',
          'Saturday pair: PagerDuty has all 2 members on call at once, Lookout one at a time (the first is kept)',
          'Fortnightly: it repeats every 2 weeks; Lookout restrictions repeat every week; left out',
          'custom shift CS2 is not imported: custom shift with 2 people; a Lookout override holds one',
        ]);
        // what is not exact shows in the minute-by-minute comparison, interval by interval
        expect(notRepeatable.fidelity!.matchPercent).toBeLessThan(100);
        expect(notRepeatable.fidelity!.mismatches).toEqual(
          expect.arrayContaining([
            {
              startsAt: '2027-03-13T10:00:00.000Z',
              endsAt: '2027-03-13T16:00:00.000Z',
              vendor: [],
              lookout: ['user:default/ann'],
            },
            {
              startsAt: '2027-03-06T10:00:00.000Z',
              endsAt: '2027-03-06T16:00:00.000Z',
              vendor: ['user:default/ann', 'user:default/bob'],
              lookout: ['user:default/ann'],
            },
            {
              startsAt: '2027-03-11T14:00:00.000Z',
              endsAt: '2027-03-11T18:00:00.000Z',
              vendor: ['user:default/cy', 'user:default/dan'],
              lookout: [],
            },
          ]),
        );
        expect(byId(plan, 'CS2')).toMatchObject({
          kind: 'override',
          action: 'skip',
        });
        expect(byId(plan, 'PF5')).toMatchObject({
          action: 'skip',
          reason: 'members not in the catalog: ghost@elsewhere.test',
        });
        expect(byId(plan, 'PP5')).toMatchObject({
          action: 'create',
          exact: true,
        });
        // every v3 request carried the early-access header (the fake answers 400 without it)
        const v3 = fake.server.log.filter(r => r.path.startsWith('/v3/'));
        expect(v3.map(r => r.headers['x-early-access'])).toEqual(
          v3.map(() => 'flexible-schedules-early-access'),
        );
        expect(v3.map(r => r.path)).toContain(
          '/v3/schedules/PF3/custom_shifts',
        );
        expect(await schedules.listSchedules({})).toEqual([]);
      });

      it('stores them as ordinary layered schedules, exact when stored, unchanged when run again', async () => {
        const { imports, schedules, policies, apiUrl } = await setup();
        const applied = await imports.apply(
          'pagerduty',
          { apiUrl, ...token },
          admin,
        );
        expect(applied.summary.fidelity).toMatchObject({
          'Checkout business hours (PF1)': 100,
          'Data days and nights (PF2)': 100,
          'Mornings with cover (PF3)': 100,
        });
        const business = await schedules.getSchedule(
          byId(applied, 'PF1').target!,
        );
        // one weekday a turn, Monday to Friday: each weekday its own weekly layer
        expect(
          business.layers.map(l => [
            l.name,
            l.rotation,
            l.handoffDay,
            l.members.length,
          ]),
        ).toEqual([
          ['Weekdays (Mon)', 'weekly', 1, 3],
          ['Weekdays (Tue)', 'weekly', 2, 3],
          ['Weekdays (Wed)', 'weekly', 3, 3],
          ['Weekdays (Thu)', 'weekly', 4, 3],
          ['Weekdays (Fri)', 'weekly', 5, 3],
          ['Weekend', 'weekly', 6, 2],
        ]);
        const data = await schedules.getSchedule(byId(applied, 'PF2').target!);
        expect(data.layers.map(l => [l.name, l.rotation, l.endsAt])).toEqual([
          ['Days', 'custom', '2027-04-05T06:00:00.000Z'],
          ['Days from April', 'weekly', undefined],
          ['Nights', 'daily', undefined],
        ]);
        expect(data.layers[0]).toMatchObject({
          shiftLengthHours: 48,
          anchorAt: '2027-02-10T07:00:00.000Z',
          restrictions: [
            { days: [1, 2, 3, 4, 5, 6, 7], start: '08:00', end: '20:00' },
          ],
        });
        const mornings = await schedules.getSchedule(
          byId(applied, 'PF3').target!,
        );
        expect(mornings.layers[0].endsAt).toBe('2027-04-01T12:00:00.000Z');
        expect(
          mornings.overrides.map(o => [o.userRef, o.startsAt, o.endsAt]).sort(),
        ).toEqual([
          [
            'user:default/cy',
            '2027-03-10T14:00:00.000Z',
            '2027-03-10T18:00:00.000Z',
          ],
          [
            'user:default/dan',
            '2027-03-12T00:00:00.000Z',
            '2027-03-12T12:00:00.000Z',
          ],
        ]);
        const escalation = (await policies.listPolicies({})).find(
          p => p.name === 'Business hours escalation',
        )!;
        expect(escalation.levels[0].targets).toEqual([
          { type: 'schedule', scheduleId: business.id },
        ]);

        const again = await imports.apply(
          'pagerduty',
          { apiUrl, ...token },
          admin,
        );
        expect(again.summary.imported).toBe(0);
        for (const id of ['PF1', 'PF2', 'PF3', 'PF4', 'CS1', 'OV1', 'PP5']) {
          expect({ id, action: byId(again, id).action }).toEqual({
            id,
            action: 'unchanged',
          });
        }
        expect(byId(again, 'PF1').fidelity!.matchPercent).toBe(100);
      });

      it('waits out 429s and retries 500s on the v3 API too', async () => {
        const { imports, waits, apiUrl, fake } = await setup();
        fake.rateLimitNext(1, 2, '/v3/schedules/PF2');
        fake.failNext(500, 1, '/v3/schedules/PF1/overrides');
        const plan = await imports.plan(
          'pagerduty',
          { apiUrl, ...token },
          admin,
        );
        expect(waits).toEqual([1, 2000]);
        expect(byId(plan, 'PF1').fidelity!.matchPercent).toBe(100);
        expect(byId(plan, 'PF2').fidelity!.matchPercent).toBe(100);
      });

      it('imports the layered schedules alone from an account without the v3 API', async () => {
        const { imports, apiUrl, fake } = await setup();
        fake.state.flexible = undefined;
        const plan = await imports.plan(
          'pagerduty',
          { apiUrl, ...token },
          admin,
        );
        expect(plan.objects.filter(o => o.vendorId.startsWith('PF'))).toEqual(
          [],
        );
        expect(byId(plan, 'PS1').fidelity!.matchPercent).toBe(100);
        expect(
          fake.server.log
            .filter(r => r.path.startsWith('/v3/'))
            .map(r => r.path),
        ).toEqual(['/v3/schedules']);
      });
    },
  );
});
