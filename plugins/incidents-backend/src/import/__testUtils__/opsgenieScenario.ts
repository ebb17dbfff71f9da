import { FakeOgState } from './FakeOpsgenie';

/** An Opsgenie account with every case the issue names; the 8 weeks cross March's changes. */
export const OG_NOW = new Date('2027-03-01T00:00:00Z');

export function opsgenieState(): FakeOgState {
  const u = (id: string) => ({ type: 'user' as const, id });
  return {
    users: [
      { id: 'OU1', username: 'ann@example.com', fullName: 'Ann' },
      { id: 'OU2', username: 'bob@example.com', fullName: 'Bob' },
      { id: 'OU3', username: 'cy@example.com', fullName: 'Cy' },
      { id: 'OU4', username: 'dan@example.com', fullName: 'Dan' },
      { id: 'OU5', username: 'ghost@elsewhere.test', fullName: 'Ghost' },
      ...Array.from({ length: 130 }, (_, i) => ({
        id: `OX${i}`,
        username: `extra${i}@elsewhere.test`,
        fullName: `Extra ${i}`,
      })),
    ],
    teams: [
      { id: 'OT1', name: 'checkout-team' },
      { id: 'OT2', name: 'Data Team' },
    ],
    schedules: [
      {
        // 6-hour turns across Europe's change
        id: 'OS1',
        name: 'Checkout hourly',
        timezone: 'Europe/Berlin',
        ownerTeam: 'OT1',
        rotations: [
          {
            id: 'R1',
            name: 'Six hours',
            startDate: '2027-02-26T05:00:00Z',
            type: 'hourly',
            length: 6,
            participants: [u('OU1'), u('OU2'), u('OU3')],
          },
        ],
      },
      {
        // nights past midnight and days in two-day turns: two rotations that never overlap
        id: 'OS2',
        name: 'Data around the clock',
        timezone: 'America/New_York',
        ownerTeam: 'OT2',
        rotations: [
          {
            id: 'R2a',
            name: 'Days',
            startDate: '2027-02-10T11:00:00Z',
            type: 'daily',
            length: 2,
            participants: [u('OU2'), u('OU3')],
            timeRestriction: {
              type: 'time-of-day',
              restriction: {
                startHour: 6,
                startMin: 0,
                endHour: 22,
                endMin: 0,
              },
            },
          },
          {
            id: 'R2b',
            name: 'Nights',
            startDate: '2027-02-01T03:00:00Z',
            type: 'daily',
            participants: [u('OU4'), u('OU1')],
            timeRestriction: {
              type: 'time-of-day',
              restriction: {
                startHour: 22,
                startMin: 0,
                endHour: 6,
                endMin: 0,
              },
            },
          },
        ],
      },
      {
        // Sunday evening to Tuesday morning, two-week turns, an end date inside the window,
        // and an override
        id: 'OS3',
        name: 'Weekend',
        timezone: 'Europe/London',
        ownerTeam: 'OT1',
        rotations: [
          {
            id: 'R3',
            name: 'Sunday to Tuesday',
            startDate: '2027-01-20T09:00:00Z',
            endDate: '2027-04-10T12:00:00Z',
            type: 'weekly',
            length: 2,
            participants: [u('OU1'), u('OU4')],
            timeRestriction: {
              type: 'weekday-and-time-of-day',
              restrictions: [
                {
                  startDay: 'sunday',
                  startHour: 18,
                  startMin: 30,
                  endDay: 'tuesday',
                  endHour: 8,
                  endMin: 0,
                },
                {
                  startDay: 'thursday',
                  startHour: 12,
                  startMin: 0,
                  endDay: 'thursday',
                  endHour: 14,
                  endMin: 0,
                },
              ],
            },
          },
        ],
        overrides: [
          {
            alias: 'ov-1',
            user: 'OU2',
            startDate: '2027-03-07T20:00:00Z',
            endDate: '2027-03-08T02:00:00Z',
          },
        ],
      },
      {
        // two rotations on call at once: Lookout cannot say that
        id: 'OS4',
        name: 'Two at once',
        timezone: 'UTC',
        ownerTeam: 'OT1',
        rotations: [
          {
            id: 'R4a',
            name: 'A',
            startDate: '2027-02-01T00:00:00Z',
            type: 'weekly',
            participants: [u('OU1'), u('OU2')],
          },
          {
            id: 'R4b',
            name: 'B',
            startDate: '2027-02-01T00:00:00Z',
            type: 'daily',
            participants: [u('OU3'), u('OU4')],
          },
        ],
      },
      {
        id: 'OS5',
        name: 'Stranger',
        timezone: 'UTC',
        ownerTeam: 'OT1',
        rotations: [
          {
            id: 'R5',
            name: 'R',
            startDate: '2027-02-01T00:00:00Z',
            type: 'daily',
            participants: [u('OU1'), u('OU5')],
          },
        ],
      },
    ],
    escalations: [
      {
        id: 'OE1',
        name: 'Checkout escalation',
        ownerTeam: 'OT1',
        rules: [
          {
            condition: 'if-not-acked',
            notifyType: 'default',
            delay: 0,
            recipient: { type: 'schedule', id: 'OS1' },
          },
          {
            condition: 'if-not-acked',
            notifyType: 'default',
            delay: 10,
            recipient: { type: 'user', id: 'OU1' },
          },
          {
            condition: 'if-not-acked',
            notifyType: 'default',
            delay: 10,
            recipient: { type: 'schedule', id: 'OS3' },
          },
        ],
        repeat: { waitInterval: 10, count: 2 },
      },
      {
        id: 'OE2',
        name: 'Data escalation',
        ownerTeam: 'OT2',
        rules: [
          {
            condition: 'if-not-acked',
            notifyType: 'next',
            delay: 5,
            recipient: { type: 'schedule', id: 'OS2' },
          },
          {
            condition: 'if-not-closed',
            notifyType: 'default',
            delay: 30,
            recipient: { type: 'user', id: 'OU4' },
          },
        ],
      },
      {
        id: 'OE3',
        name: 'Pages a stranger',
        ownerTeam: 'OT1',
        rules: [
          {
            condition: 'if-not-acked',
            notifyType: 'default',
            delay: 0,
            recipient: { type: 'user', id: 'OU5' },
          },
        ],
      },
    ],
  };
}
