/*
 * bench/import: moving a PagerDuty account of 500 schedules and 300 escalation policies into
 * Lookout, and proving it.
 *
 * A fake PagerDuty on loopback (plugins/incidents-backend/src/import/__testUtils__) holds 500
 * schedules in six zones (weekly and daily rotations, business hours and nights past midnight,
 * 12-hour and 4-hour turns, two-week turns counted from a virtual start, layers that end,
 * overrides) and 300 policies with loops, and 100 rotation-based (v3, RRULE) schedules
 * (weekday turns one occurrence each, Monday/Wednesday/Friday weeks, 48-hour day turns that stop
 * mid-window, nights past midnight, custom shifts); it pages its lists, renders every
 * schedule's on-call itself, and rate-limits one request in 50 with a 429. The import runs through
 * ImportService over PostgreSQL: a dry run, the apply (which measures every stored schedule
 * minute by minute over 8 weeks against PagerDuty's rendering), and a second apply that must
 * change nothing. Ends with one JSON line: times, requests, the match percentage, and the load
 * average at start and end.
 *
 * Run: npm run bench -- import
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { migrateDatabase } from '../../plugins/incidents-backend/src/database/migrateDatabase';
import { DatabaseEscalationPolicyStore } from '../../plugins/incidents-backend/src/escalation/DatabaseEscalationPolicyStore';
import { EscalationPoliciesService } from '../../plugins/incidents-backend/src/escalation/EscalationPoliciesService';
import { DatabaseImportStore } from '../../plugins/incidents-backend/src/import/DatabaseImportStore';
import { ImportService } from '../../plugins/incidents-backend/src/import/ImportService';
import { vendorSources } from '../../plugins/incidents-backend/src/import/sources';
import {
  FakePagerDuty,
  FakePdLayer,
  FakePdState,
} from '../../plugins/incidents-backend/src/import/__testUtils__/FakePagerDuty';
import { FakePdFlexibleSchedule } from '../../plugins/incidents-backend/src/import/__testUtils__/fakePdFlexible';
import { OnCallEntities } from '../../plugins/incidents-backend/src/oncall/catalogRefs';
import { DatabaseOnCallStore } from '../../plugins/incidents-backend/src/oncall/DatabaseOnCallStore';
import { SchedulesService } from '../../plugins/incidents-backend/src/oncall/SchedulesService';
import { DateTime } from 'luxon';
import { dropDatabase, freshDatabase } from '../lib/postgres';
import { random } from '../lib/stats';

const SCHEDULES = Number(process.env.IMPORT_BENCH_SCHEDULES ?? 500);
const POLICIES = Number(process.env.IMPORT_BENCH_POLICIES ?? 300);
const FLEXIBLE = Number(process.env.IMPORT_BENCH_FLEXIBLE ?? 100);
const USERS = 200;
const TEAMS = 40;
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'America/Sao_Paulo',
  'Europe/London',
];
const DAY = 86_400_000;
const DATABASE = 'lookout_bench_import';
const loadAverage = () => os.loadavg().map(l => Number(l.toFixed(2)));

function catalog(): Entity[] {
  const users: Entity[] = Array.from({ length: USERS }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: `person-${i}`, namespace: 'default' },
    spec: { profile: { email: `person${i}@bench.example` } },
  }));
  const groups: Entity[] = Array.from({ length: TEAMS }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: `team-${i}`, namespace: 'default' },
    spec: { type: 'team', children: [] },
  }));
  return [...users, ...groups];
}

/** An account as varied as the cases, the same every run. */
function account(now: number): FakePdState {
  const rand = random(19);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
  const iso = (t: number) => new Date(t).toISOString();
  const day0 = Math.floor(now / DAY) * DAY;
  const members = () =>
    Array.from(
      { length: 2 + Math.floor(rand() * 5) },
      () => `PU${Math.floor(rand() * USERS)}`,
    );
  const layerKinds: Array<(i: number) => Omit<FakePdLayer, 'id' | 'name'>> = [
    // weekly from a Monday 09:00 virtual start a year back
    () => {
      const start = day0 - 365 * DAY + 9 * 3_600_000;
      return {
        start: iso(start),
        rotation_virtual_start: iso(start),
        rotation_turn_length_seconds: 604_800,
        users: members(),
      };
    },
    // daily, business hours on weekdays
    () => ({
      start: iso(day0 - 40 * DAY + 8 * 3_600_000),
      rotation_virtual_start: iso(day0 - 40 * DAY + 8 * 3_600_000),
      rotation_turn_length_seconds: 86_400,
      users: members(),
      restrictions: [1, 2, 3, 4, 5].map(d => ({
        type: 'weekly_restriction' as const,
        start_day_of_week: d,
        start_time_of_day: '09:00:00',
        duration_seconds: 8 * 3600,
      })),
    }),
    // 12-hour turns, nights past midnight
    () => ({
      start: iso(day0 - 20 * DAY),
      rotation_virtual_start: iso(day0 - 3 * DAY + 10 * 3_600_000),
      rotation_turn_length_seconds: 43_200,
      users: members(),
      restrictions: [
        {
          type: 'daily_restriction' as const,
          start_time_of_day: '22:00:00',
          duration_seconds: 8 * 3600,
        },
      ],
    }),
    // two-week turns counted from a virtual start on another day, weekend from Sunday
    () => ({
      start: iso(day0 - 10 * DAY + 18 * 3_600_000),
      rotation_virtual_start: iso(day0 - 31 * DAY + 18 * 3_600_000),
      rotation_turn_length_seconds: 14 * 86_400,
      users: members(),
      restrictions: [
        {
          type: 'weekly_restriction' as const,
          start_day_of_week: 7,
          start_time_of_day: '18:00:00',
          duration_seconds: 2 * 86_400,
        },
      ],
    }),
    // 4-hour turns that end inside the 8 weeks
    () => ({
      start: iso(day0 - 5 * DAY + 3_600_000),
      end: iso(day0 + Math.floor(rand() * 50) * DAY + 15.5 * 3_600_000),
      rotation_virtual_start: iso(day0 - 5 * DAY + 3_600_000),
      rotation_turn_length_seconds: 4 * 3600,
      users: members(),
    }),
  ];
  const schedules = Array.from({ length: SCHEDULES }, (_, i) => {
    const layerCount = 1 + Math.floor(rand() * 3);
    const layers = Array.from({ length: layerCount }, (__, l) => ({
      id: `L${i}-${l}`,
      name: `Layer ${layerCount - l}`,
      ...pick(layerKinds)(i),
    }));
    const overrides = Array.from(
      { length: Math.floor(rand() * 3) },
      (__, o) => {
        const start =
          day0 +
          (1 + o * 20 + Math.floor(rand() * 15)) * DAY +
          3_600_000 * Math.floor(rand() * 24);
        return {
          id: `PO${i}-${o}`,
          start: iso(start),
          end: iso(start + (2 + Math.floor(rand() * 30)) * 3_600_000),
          user: `PU${Math.floor(rand() * USERS)}`,
        };
      },
    );
    return {
      id: `PS${i}`,
      name: `Schedule ${i}`,
      time_zone: ZONES[i % ZONES.length],
      teams: [`PT${i % TEAMS}`],
      layers,
      overrides,
    };
  });
  const policies = Array.from({ length: POLICIES }, (_, i) => {
    const delay = pick([5, 10, 15, 30]);
    return {
      id: `PP${i}`,
      name: `Policy ${i}`,
      num_loops: Math.floor(rand() * 3),
      teams: [`PT${i % TEAMS}`],
      rules: Array.from({ length: 1 + Math.floor(rand() * 3) }, (__, r) => ({
        delay,
        targets:
          r % 2 === 0
            ? [
                {
                  type: 'schedule_reference' as const,
                  id: `PS${Math.floor(rand() * SCHEDULES)}`,
                },
              ]
            : [
                {
                  type: 'user_reference' as const,
                  id: `PU${Math.floor(rand() * USERS)}`,
                },
              ],
      })),
    };
  });
  return {
    flexible: flexibleSchedules(now, rand, members),
    users: Array.from({ length: USERS }, (_, i) => ({
      id: `PU${i}`,
      name: `Person ${i}`,
      email: `person${i}@bench.example`,
    })),
    teams: Array.from({ length: TEAMS }, (_, i) => ({
      id: `PT${i}`,
      name: `team-${i}`,
    })),
    services: [],
    schedules,
    policies,
  };
}

/** Rotation-based schedules: events of several RRULE shapes, local times in each zone. */
function flexibleSchedules(
  now: number,
  rand: () => number,
  members: () => string[],
): FakePdFlexibleSchedule[] {
  return Array.from({ length: FLEXIBLE }, (_, i) => {
    const zone = ZONES[i % ZONES.length];
    const local = (daysBack: number, hour: number) =>
      DateTime.fromMillis(now, { zone })
        .startOf('day')
        .minus({ days: daysBack })
        .set({ hour });
    const event = (
      id: string,
      first: DateTime,
      hours: number,
      rule: string,
      extra: Partial<FakePdFlexibleSchedule['rotations'][0]['events'][0]> = {},
    ) => ({
      id,
      name: `Event ${id}`,
      start: first.toISO()!,
      end: first.plus({ hours }).toISO()!,
      effective_since: first.toUTC().toISO()!,
      recurrence: [rule],
      members: members(),
      ...extra,
    });
    const kinds = [
      // one weekday occurrence each, Monday to Friday: a layer per weekday
      () =>
        event(
          `E${i}a`,
          local(30 + (i % 7), 9),
          8,
          'RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
        ),
      // Monday, Wednesday and Friday, a week each
      () =>
        event(
          `E${i}b`,
          local(20 + (i % 7), 8),
          12,
          'RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR',
          {
            shifts_per_member: 3,
          },
        ),
      // 48-hour day turns that stop part-way through the 8 weeks
      () =>
        event(`E${i}c`, local(10, 7), 12, 'RRULE:FREQ=DAILY', {
          shifts_per_member: 2,
          effective_until: local(-(5 + Math.floor(rand() * 40)), 7)
            .toUTC()
            .toISO()!,
        }),
    ];
    const day = kinds[i % kinds.length]();
    // nights past midnight, every member at once with a single member
    const nights = event(`E${i}n`, local(15, 21), 10, 'RRULE:FREQ=DAILY', {
      every: true,
      members: members().slice(0, 1),
    });
    // a custom shift between the day's end and the night's start: nobody else is on
    const shiftStart = local(-(3 + (i % 30)), 20);
    return {
      id: `PF${i}`,
      name: `Rotations ${i}`,
      time_zone: zone,
      teams: [`PT${i % TEAMS}`],
      rotations: [
        { id: `R${i}a`, events: [day] },
        { id: `R${i}b`, events: [nights] },
      ],
      custom_shifts: [
        {
          id: `CS${i}`,
          start: shiftStart.toUTC().toISO()!,
          end: shiftStart.plus({ minutes: 45 }).toUTC().toISO()!,
          users: [`PU${Math.floor(rand() * USERS)}`],
        },
      ],
    };
  });
}

async function main() {
  const loadAtStart = loadAverage();
  const now = new Date();
  const knex = await freshDatabase(DATABASE, { poolMax: 5 });
  const fake = new FakePagerDuty(account(now.getTime()), 'bench-token');
  const apiUrl = await fake.start();
  // one request in 50 answered 429 with a one-second reset, as a busy account sees
  fake.rateLimitEvery(50, 1);
  try {
    await migrateDatabase({ getClient: async () => knex } as any);
    const catalogService = catalogServiceMock({ entities: catalog() });
    const allow = { requireBasic: async () => {} };
    const entities = new OnCallEntities(catalogService);
    const schedules = new SchedulesService({
      store: DatabaseOnCallStore.create({ knex }),
      entities,
      authorizer: allow,
    });
    const policies = new EscalationPoliciesService({
      store: DatabaseEscalationPolicyStore.create({ knex }),
      schedules,
      entities,
      authorizer: allow,
    });
    const imports = new ImportService({
      store: DatabaseImportStore.create({ knex }),
      schedules,
      policies,
      catalog: catalogService,
      authorizer: allow,
      settings: { tokens: {}, apiUrls: {} },
      sources: vendorSources(),
    });
    const admin = mockCredentials.user('user:default/person-0');
    const request = { apiUrl, token: 'bench-token' };

    let started = performance.now();
    const plan = await imports.plan('pagerduty', request, admin);
    const planSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const applied = await imports.apply('pagerduty', request, admin);
    const applySeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const again = await imports.apply('pagerduty', request, admin);
    const againSeconds = (performance.now() - started) / 1000;

    const scheduleObjects = applied.objects.filter(o => o.kind === 'schedule');
    const measured = scheduleObjects.filter(o => o.fidelity);
    const flexible = measured.filter(o => o.vendorId.startsWith('PF'));
    const exactClaimed = measured.filter(o => o.exact);
    const minutes = measured.reduce((n, o) => n + o.fidelity!.minutes, 0);
    const matching = measured.reduce(
      (n, o) => n + o.fidelity!.matchingMinutes,
      0,
    );
    const count = (kind: string, action: string) =>
      applied.objects.filter(o => o.kind === kind && o.action === action)
        .length;
    const figures = {
      bench: 'import',
      schedules: SCHEDULES,
      policies: POLICIES,
      planSeconds: Number(planSeconds.toFixed(1)),
      applySeconds: Number(applySeconds.toFixed(1)),
      secondApplySeconds: Number(againSeconds.toFixed(1)),
      schedulesImported: count('schedule', 'create'),
      overridesImported: count('override', 'create'),
      policiesImported: count('escalation_policy', 'create'),
      skipped: applied.summary.skipped,
      policiesNotExact: applied.objects.filter(
        o => o.kind === 'escalation_policy' && !o.exact,
      ).length,
      schedulesVerified: measured.length,
      minutesCompared: minutes,
      matchPercent: Number(
        ((100 * matching) / Math.max(1, minutes)).toFixed(4),
      ),
      exactSchedulesAt100: exactClaimed.filter(
        o => o.fidelity!.matchPercent === 100,
      ).length,
      exactSchedulesClaimed: exactClaimed.length,
      rotationBasedVerified: flexible.length,
      rotationBasedExactAt100: flexible.filter(
        o => o.exact && o.fidelity!.matchPercent === 100,
      ).length,
      rotationBasedExactClaimed: flexible.filter(o => o.exact).length,
      plannedMatchPercentMin: Math.min(
        ...plan.objects
          .filter(o => o.fidelity && o.exact)
          .map(o => o.fidelity!.matchPercent),
      ),
      secondApplyWrote: again.summary.imported,
      vendorRequests: fake.server.log.length,
      loadAverageStart: loadAtStart,
      loadAverageEnd: loadAverage(),
    };
    for (const o of measured
      .filter(m => m.fidelity!.matchPercent < 100)
      .slice(0, 5)) {
      console.log(
        `mismatch: ${o.name} ${o.fidelity!.matchPercent}%`,
        o.notExact,
        o.fidelity!.mismatches.slice(0, 2),
      );
    }
    console.log(
      `${figures.schedulesImported} schedules, ${figures.overridesImported} overrides and ${figures.policiesImported} policies imported in ${figures.applySeconds} s (dry run ${figures.planSeconds} s); ${figures.matchPercent}% of ${minutes} minutes match PagerDuty's rendering; ${figures.exactSchedulesAt100}/${figures.exactSchedulesClaimed} exact schedules at 100%`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    await fake.stop();
    await knex.destroy();
    await dropDatabase(DATABASE);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
