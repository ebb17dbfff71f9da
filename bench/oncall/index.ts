/*
 * bench/oncall: who is on call, for schedules whose rotations started years ago.
 *
 * Builds 200 schedules in six zones (a weekly layer, a business-hours daily layer on top, one
 * override each, rotations started two to four years back) and times, per call:
 *   - nowAndNext: who is on call now and next, as GET /oncall and the escalation engine ask;
 *   - timeline: every layer's shifts and the final on-call over 14 days (the schedule page);
 *   - a naive baseline in the same run: "now" for the weekly layer alone, found by walking its
 *     handoffs one by one from the layer's start, as a straightforward implementation would.
 * Target: nowAndNext p95 <= 10 ms. Ends with one JSON line of the figures.
 *
 * Run: npm run bench -- oncall
 */
import { DateTime } from 'luxon';
import { performance } from 'node:perf_hooks';
import { Schedule } from '../../plugins/incidents-common/src/oncall';
import {
  nowAndNext,
  scheduleShifts,
} from '../../plugins/incidents-backend/src/oncall/scheduleMath';
import { random, summarize } from '../lib/stats';

const SCHEDULES = 200;
const SAMPLES = 1_000;
const TARGET_P95_MS = 10;
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'America/Sao_Paulo',
  'Europe/London',
];
const DAY = 86_400_000;
const NOW = Date.parse('2026-11-30T12:00:00Z');

function buildSchedules(): Schedule[] {
  const rand = random(7);
  return Array.from({ length: SCHEDULES }, (_, i) => {
    const zone = ZONES[i % ZONES.length];
    const started = new Date(NOW - (730 + Math.floor(rand() * 730)) * DAY);
    const members = Array.from(
      { length: 3 + Math.floor(rand() * 5) },
      (__, m) => `user:default/u${i}-${m}`,
    );
    const overrideStart = NOW + Math.floor(rand() * 30) * DAY;
    return {
      id: `s${i}`,
      name: `schedule ${i}`,
      ownerRef: `group:default/team-${i}`,
      timeZone: zone,
      layers: [
        {
          name: 'weekly',
          rotation: 'weekly',
          handoffDay: 1 + (i % 7),
          handoffTime: '09:00',
          startsAt: started.toISOString(),
          members,
          restrictions: [],
        },
        {
          name: 'business hours',
          rotation: 'daily',
          handoffTime: '09:00',
          startsAt: started.toISOString(),
          members: [...members].reverse(),
          restrictions: [
            { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
          ],
        },
      ],
      overrides: [
        {
          id: `o${i}`,
          userRef: members[0],
          startsAt: new Date(overrideStart).toISOString(),
          endsAt: new Date(overrideStart + 8 * 3_600_000).toISOString(),
          createdBy: 'user:default/guest',
        },
      ],
      createdAt: started.toISOString(),
      updatedAt: started.toISOString(),
      version: 1,
    };
  });
}

/** The weekly layer's member at `at`, walking every handoff from the start. */
function naiveNow(schedule: Schedule, at: number): string {
  const layer = schedule.layers[0];
  let handoff = DateTime.fromISO(layer.startsAt, { zone: schedule.timeZone })
    .startOf('day')
    .set({ hour: 9 });
  while (handoff.weekday !== layer.handoffDay) {
    handoff = handoff.plus({ days: 1 });
  }
  let index = 0;
  while (handoff.toMillis() <= at) {
    handoff = handoff.plus({ weeks: 1 });
    index++;
  }
  return layer.members[index % layer.members.length];
}

function time(run: (i: number) => void): number[] {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    run(i);
    times.push(performance.now() - start);
  }
  return times;
}

function main() {
  const schedules = buildSchedules();
  const rand = random(11);
  const moments = Array.from(
    { length: SAMPLES },
    () => NOW + Math.floor(rand() * 365 * DAY),
  );
  // warm the zone caches, as a running backend has them
  for (const s of schedules) nowAndNext(s, new Date(NOW));

  const ours = summarize(
    time(i => nowAndNext(schedules[i % SCHEDULES], new Date(moments[i]))),
    3,
  );
  const timeline = summarize(
    time(i =>
      scheduleShifts(
        schedules[i % SCHEDULES],
        new Date(moments[i]),
        new Date(moments[i] + 14 * DAY),
      ),
    ),
    3,
  );
  const naive = summarize(
    time(i => naiveNow(schedules[i % SCHEDULES], moments[i])),
    3,
  );
  const speedup = Math.round((naive.p95 / ours.p95) * 10) / 10;
  console.log(
    `nowAndNext   p50 ${ours.p50} ms, p95 ${ours.p95} ms, p99 ${ours.p99} ms | ` +
      `naive walk (now, one layer) p50 ${naive.p50} ms, p95 ${naive.p95} ms | ` +
      `p95 ratio ${speedup}x | target p95 <= ${TARGET_P95_MS} ms: ${
        ours.p95 <= TARGET_P95_MS ? 'met' : 'MISSED'
      }`,
  );
  console.log(
    `timeline 14d p50 ${timeline.p50} ms, p95 ${timeline.p95} ms, p99 ${timeline.p99} ms`,
  );
  console.log(
    JSON.stringify({
      bench: 'oncall',
      schedules: SCHEDULES,
      samples: SAMPLES,
      nowAndNextMs: ours,
      timeline14dMs: timeline,
      naiveWalkMs: naive,
      p95Speedup: speedup,
      meetsTarget: ours.p95 <= TARGET_P95_MS,
    }),
  );
}

main();
