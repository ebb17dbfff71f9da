import { FakePdState } from './FakePagerDuty';
import { pagerDutyState } from './pagerDutyScenario';

/**
 * The PagerDuty account of {@link pagerDutyState} with rotation-based (v3) schedules added:
 * weekday turns (one weekday occurrence each, so each weekday is its own layer), a weekend
 * handed over on Saturday, 48-hour day turns replaced by a Monday/Wednesday/Friday event in
 * April, an every-member night cover past midnight, an UNTIL, a custom shift and an override,
 * and what a layer cannot repeat (two members at once, an EXDATE, every other week, a custom
 * shift of two), across
 * the March daylight-saving changes of New York, Berlin and London.
 */
export function pagerDutyFlexibleState(): FakePdState {
  const state = pagerDutyState();
  state.policies.push({
    id: 'PP5',
    name: 'Business hours escalation',
    num_loops: 0,
    teams: ['PT1'],
    rules: [
      { delay: 10, targets: [{ type: 'schedule_reference', id: 'PF1' }] },
    ],
  });
  state.flexible = [
    {
      id: 'PF1',
      name: 'Checkout business hours',
      time_zone: 'America/New_York',
      teams: ['PT1'],
      rotations: [
        {
          id: 'R1a',
          events: [
            {
              id: 'E1a',
              name: 'Weekdays',
              start: '2027-02-01T09:00:00-05:00',
              end: '2027-02-01T17:00:00-05:00',
              effective_since: '2027-02-01T14:00:00Z',
              recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'],
              shifts_per_member: 1,
              members: ['PU1', 'PU2', 'PU3'],
            },
          ],
        },
        {
          id: 'R1b',
          events: [
            {
              id: 'E1b',
              name: 'Weekend',
              start: '2027-02-06T09:00:00-05:00',
              end: '2027-02-08T09:00:00-05:00',
              effective_since: '2027-02-06T14:00:00Z',
              recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=SA'],
              members: ['PU4', 'PU1'],
            },
          ],
        },
      ],
    },
    {
      id: 'PF2',
      name: 'Data days and nights',
      time_zone: 'Europe/Berlin',
      teams: ['PT2'],
      rotations: [
        {
          id: 'R2a',
          events: [
            {
              id: 'E2a',
              name: 'Days',
              start: '2027-02-10T08:00:00+01:00',
              end: '2027-02-10T20:00:00+01:00',
              effective_since: '2027-02-10T07:00:00Z',
              effective_until: '2027-04-05T06:00:00Z',
              recurrence: ['RRULE:FREQ=DAILY'],
              shifts_per_member: 2,
              members: ['PU2', 'PU4'],
            },
            {
              id: 'E2b',
              name: 'Days from April',
              start: '2027-04-05T08:00:00+02:00',
              end: '2027-04-05T20:00:00+02:00',
              effective_since: '2027-04-05T06:00:00Z',
              recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR'],
              shifts_per_member: 3,
              members: ['PU1', 'PU3'],
            },
          ],
        },
        {
          id: 'R2b',
          events: [
            {
              id: 'E2c',
              name: 'Nights',
              start: '2027-02-10T20:00:00+01:00',
              end: '2027-02-11T08:00:00+01:00',
              effective_since: '2027-02-10T19:00:00Z',
              recurrence: ['RRULE:FREQ=DAILY'],
              every: true,
              members: ['PU3'],
            },
          ],
        },
      ],
    },
    {
      id: 'PF3',
      name: 'Mornings with cover',
      time_zone: 'UTC',
      teams: ['PT1'],
      rotations: [
        {
          id: 'R3',
          events: [
            {
              id: 'E3',
              name: 'Mornings',
              start: '2027-02-20T00:00:00Z',
              end: '2027-02-20T12:00:00Z',
              effective_since: '2027-02-20T00:00:00Z',
              recurrence: ['RRULE:FREQ=DAILY;UNTIL=20270401T000000Z'],
              members: ['PU1', 'PU2'],
            },
          ],
        },
      ],
      custom_shifts: [
        {
          id: 'CS1',
          start: '2027-03-10T14:00:00Z',
          end: '2027-03-10T18:00:00Z',
          users: ['PU3'],
        },
      ],
      overrides: [
        {
          id: 'OV1',
          rotation_id: 'R3',
          start: '2027-03-12T00:00:00Z',
          end: '2027-03-12T12:00:00Z',
          overridden: 'PU1',
          overriding: 'PU4',
        },
      ],
    },
    {
      id: 'PF4',
      name: 'Not repeatable',
      time_zone: 'Europe/London',
      teams: ['PT1'],
      rotations: [
        {
          id: 'R4a',
          events: [
            {
              id: 'E4a',
              name: 'Saturday pair',
              start: '2027-02-06T10:00:00Z',
              end: '2027-02-06T16:00:00Z',
              effective_since: '2027-02-06T10:00:00Z',
              recurrence: [
                'RRULE:FREQ=WEEKLY;BYDAY=SA',
                'EXDATE:20270313T100000Z',
              ],
              every: true,
              members: ['PU1', 'PU2'],
            },
          ],
        },
        {
          id: 'R4b',
          events: [
            {
              id: 'E4b',
              name: 'Fortnightly',
              start: '2027-02-03T09:00:00Z',
              end: '2027-02-03T17:00:00Z',
              effective_since: '2027-02-03T09:00:00Z',
              recurrence: ['RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE'],
              members: ['PU3'],
            },
          ],
        },
      ],
      custom_shifts: [
        {
          id: 'CS2',
          start: '2027-03-11T14:00:00Z',
          end: '2027-03-11T18:00:00Z',
          users: ['PU3', 'PU4'],
        },
      ],
    },
    {
      id: 'PF5',
      name: 'Rotates a stranger',
      time_zone: 'UTC',
      teams: ['PT1'],
      rotations: [
        {
          id: 'R5',
          events: [
            {
              id: 'E5',
              name: 'Daily',
              start: '2027-01-01T00:00:00Z',
              end: '2027-01-02T00:00:00Z',
              effective_since: '2027-01-01T00:00:00Z',
              recurrence: ['RRULE:FREQ=DAILY'],
              members: ['PU1', 'PU5'],
            },
          ],
        },
      ],
    },
  ];
  return state;
}
