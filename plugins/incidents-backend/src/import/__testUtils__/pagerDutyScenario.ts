import { FakePdState } from './FakePagerDuty';

/**
 * A PagerDuty account with every case the issue names, around 2027-03-01 so the 8 weeks cross
 * the March daylight-saving changes of New York (14 March) and Europe (28 March).
 */
export const PD_NOW = new Date('2027-03-01T00:00:00Z');

export function pagerDutyState(): FakePdState {
  return {
    users: [
      { id: 'PU1', name: 'Ann', email: 'ann@example.com' },
      { id: 'PU2', name: 'Bob', email: 'BOB@example.com' },
      { id: 'PU3', name: 'Cy', email: 'cy@example.com' },
      { id: 'PU4', name: 'Dan', email: 'dan@example.com' },
      { id: 'PU5', name: 'Ghost', email: 'ghost@elsewhere.test' },
      // more users than a page holds, so the client must page
      ...Array.from({ length: 120 }, (_, i) => ({
        id: `PX${i}`,
        name: `Extra ${i}`,
        email: `extra${i}@elsewhere.test`,
      })),
    ],
    teams: [
      { id: 'PT1', name: 'Checkout Team' },
      { id: 'PT2', name: 'Data Team' },
      { id: 'PT3', name: 'Ghosts' },
    ],
    services: [
      { id: 'PSVC1', name: 'Checkout Service', policy: 'PP1' },
      { id: 'PSVC2', name: 'Payments', policy: 'PP2' },
      { id: 'PSVC3', name: 'Legacy Billing', policy: 'PP3' },
    ],
    schedules: [
      {
        // weekly primary below, business-hours dailies on top, across New York's change
        id: 'PS1',
        name: 'Checkout primary',
        time_zone: 'America/New_York',
        teams: ['PT1'],
        layers: [
          {
            id: 'L1b',
            name: 'Business hours',
            start: '2027-02-01T09:00:00-05:00',
            rotation_virtual_start: '2027-02-01T09:00:00-05:00',
            rotation_turn_length_seconds: 86_400,
            users: ['PU3', 'PU4'],
            restrictions: [
              {
                type: 'daily_restriction',
                start_time_of_day: '09:00:00',
                duration_seconds: 8 * 3600,
              },
            ],
          },
          {
            id: 'L1a',
            name: 'Weekly',
            start: '2027-01-04T09:00:00-05:00',
            rotation_virtual_start: '2026-12-28T09:00:00-05:00',
            rotation_turn_length_seconds: 604_800,
            users: ['PU1', 'PU2', 'PU3'],
          },
        ],
      },
      {
        // 12-hour turns, a night restriction past midnight, across Europe's change
        id: 'PS2',
        name: 'Data nights',
        time_zone: 'Europe/Berlin',
        teams: ['PT2'],
        layers: [
          {
            id: 'L2b',
            name: 'Nights',
            start: '2027-02-20T10:00:00+01:00',
            rotation_virtual_start: '2027-02-27T10:00:00+01:00',
            rotation_turn_length_seconds: 43_200,
            users: ['PU4', 'PU1', 'PU2'],
            restrictions: [
              {
                type: 'daily_restriction',
                start_time_of_day: '22:00:00',
                duration_seconds: 8 * 3600,
              },
            ],
          },
          {
            id: 'L2a',
            name: 'Days',
            start: '2027-01-01T08:00:00+01:00',
            rotation_virtual_start: '2027-01-01T08:00:00+01:00',
            rotation_turn_length_seconds: 86_400,
            users: ['PU1', 'PU4'],
          },
        ],
      },
      {
        // a weekly restriction that starts on Sunday and runs into Tuesday, two-week turns
        // counted from a Wednesday, a layer ending inside the window, one ended long ago and
        // one that starts later
        id: 'PS3',
        name: 'Weekend cover',
        time_zone: 'Europe/London',
        teams: ['PT1'],
        layers: [
          {
            id: 'L3d',
            name: 'From spring',
            start: '2027-03-20T12:00:00+00:00',
            rotation_virtual_start: '2027-03-20T12:00:00+00:00',
            rotation_turn_length_seconds: 86_400,
            users: ['PU3'],
            restrictions: [
              {
                type: 'weekly_restriction',
                start_day_of_week: 3,
                start_time_of_day: '12:00:00',
                duration_seconds: 6 * 3600,
              },
            ],
          },
          {
            id: 'L3c',
            name: 'Sunday to Tuesday',
            start: '2027-02-03T18:00:00+00:00',
            rotation_virtual_start: '2027-02-03T18:00:00+00:00',
            rotation_turn_length_seconds: 14 * 86_400,
            users: ['PU1', 'PU2', 'PU4'],
            restrictions: [
              {
                type: 'weekly_restriction',
                start_day_of_week: 7,
                start_time_of_day: '18:00:00',
                duration_seconds: 2 * 86_400,
              },
            ],
          },
          {
            id: 'L3b',
            name: 'Ending',
            start: '2027-01-01T00:00:00+00:00',
            end: '2027-03-10T15:30:00+00:00',
            rotation_virtual_start: '2027-01-01T06:00:00+00:00',
            rotation_turn_length_seconds: 86_400,
            users: ['PU2', 'PU3'],
          },
          {
            id: 'L3a',
            name: 'Ended',
            start: '2026-01-01T00:00:00+00:00',
            end: '2026-06-01T00:00:00+00:00',
            rotation_virtual_start: '2026-01-01T00:00:00+00:00',
            rotation_turn_length_seconds: 86_400,
            users: ['PU5'],
          },
        ],
      },
      {
        // 4-hour turns (PagerDuty's "custom" rotation) with overrides on top
        id: 'PS4',
        name: 'Payments round the clock',
        time_zone: 'America/New_York',
        teams: [],
        layers: [
          {
            id: 'L4a',
            name: 'Four hours',
            start: '2027-02-15T01:00:00-05:00',
            rotation_virtual_start: '2027-02-15T01:00:00-05:00',
            rotation_turn_length_seconds: 4 * 3600,
            users: ['PU1', 'PU2', 'PU3', 'PU4'],
          },
        ],
        overrides: [
          {
            id: 'PO1',
            start: '2027-03-05T10:00:00Z',
            end: '2027-03-06T10:00:00Z',
            user: 'PU4',
          },
          {
            id: 'PO2',
            start: '2027-03-20T03:30:00Z',
            end: '2027-03-20T07:45:00Z',
            user: 'PU2',
          },
          {
            id: 'PO3',
            start: '2027-02-20T00:00:00Z',
            end: '2027-02-21T00:00:00Z',
            user: 'PU1',
          },
        ],
      },
      {
        id: 'PS5',
        name: 'Has a stranger',
        time_zone: 'UTC',
        teams: ['PT1'],
        layers: [
          {
            id: 'L5a',
            name: 'Layer 1',
            start: '2027-01-01T00:00:00Z',
            rotation_virtual_start: '2027-01-01T00:00:00Z',
            rotation_turn_length_seconds: 86_400,
            users: ['PU1', 'PU5'],
          },
        ],
      },
    ],
    policies: [
      {
        // equal delays on the last two rules: its loops fall when Lookout's do
        id: 'PP1',
        name: 'Checkout escalation',
        num_loops: 2,
        teams: ['PT1'],
        rules: [
          { delay: 10, targets: [{ type: 'schedule_reference', id: 'PS1' }] },
          {
            delay: 10,
            targets: [
              { type: 'user_reference', id: 'PU1' },
              { type: 'schedule_reference', id: 'PS3' },
            ],
          },
        ],
      },
      {
        // the last rule waits longer than the one before: a loop PagerDuty starts later
        id: 'PP2',
        name: 'Payments escalation',
        num_loops: 1,
        rules: [
          { delay: 5, targets: [{ type: 'schedule_reference', id: 'PS4' }] },
          { delay: 30, targets: [{ type: 'user_reference', id: 'PU2' }] },
        ],
      },
      {
        id: 'PP3',
        name: 'Round robin',
        num_loops: 0,
        teams: ['PT2'],
        rules: [
          {
            delay: 15,
            roundRobin: true,
            targets: [
              { type: 'user_reference', id: 'PU1' },
              { type: 'user_reference', id: 'PU4' },
            ],
          },
        ],
      },
      {
        id: 'PP4',
        name: 'Pages a stranger',
        num_loops: 0,
        teams: ['PT1'],
        rules: [{ delay: 5, targets: [{ type: 'user_reference', id: 'PU5' }] }],
      },
    ],
  };
}
