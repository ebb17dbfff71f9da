/*
 * bench/triage: how often the triage assistant is right, on labelled scenarios.
 *
 * A seeded generator (generator.ts) writes at least 60 scenarios over the demo catalog
 * (examples/*.yaml): an origin, alerts, change events, the true cause and severity, a history
 * of past incidents, and noise. Each scenario is loaded into a fresh SQLite database through the
 * plugin's own services (past incidents and postmortems, change events and alerts through
 * ingestion, which opens the incidents), and the assistant answers through its real service,
 * triggered by the incident opening as in production. A separate scorer (scorer.ts) prints:
 *   - top-1 and top-3 probable-cause accuracy (targets 80 % and 95 %),
 *   - severity accuracy (target 80 %),
 *   - precision@3 of similar past incidents (target 0.8),
 * each beside a naive baseline measured on the same scenarios in the same run: the nearest
 * upstream entity with a firing alert or a change in the last hour; the severity the alert's
 * integration mapped; the three latest past incidents on the same origin. Ends with one JSON
 * line of the figures.
 *
 * Run: npm run bench -- triage   (LOOKOUT_BENCH_SEED and LOOKOUT_BENCH_SCENARIOS override)
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlertDelivery } from '../../plugins/incidents-backend/src/alerts/types';
import { createTriageHarness } from '../../plugins/incidents-backend/src/triage/__testUtils__/harness';
import { percentile } from '../lib/stats';
import { loadDemoCatalog } from './catalog';
import { generateScenarios, Scenario } from './generator';
import { Judged, score, Scores, top1By } from './scorer';

const SEED = Number(process.env.LOOKOUT_BENCH_SEED ?? 20261130);
const COUNT = Math.max(60, Number(process.env.LOOKOUT_BENCH_SCENARIOS ?? 80));
const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const TARGETS = { top1: 0.8, top3: 0.95, severity: 0.8, precisionAt3: 0.8 };
const user = mockCredentials.user('user:default/bench');

interface Outcome {
  scenario: Scenario;
  /** What the assistant answered in full, for LOOKOUT_BENCH_DEBUG. */
  triage: unknown;
  assistant: Judged;
  baseline: Judged;
  tookMs: number;
}

async function run(
  scenario: Scenario,
  entities: ReturnType<typeof loadDemoCatalog>,
): Promise<Outcome> {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  try {
    const { services, store } = await createTriageHarness({ knex, entities });
    const now = Date.now();
    const ago = (minutes: number) =>
      new Date(now - minutes * MINUTE).toISOString();

    // history: resolved incidents with their resolution notes and postmortems
    const keyOf = new Map<string, string>();
    for (const past of scenario.history) {
      const declaredAt = new Date(now - past.daysAgo * DAY).toISOString();
      const resolvedAt = new Date(
        now - past.daysAgo * DAY + 95 * MINUTE,
      ).toISOString();
      const incident = await store.createIncident(
        {
          title: past.title,
          description: past.description,
          severity: past.severity,
          status: 'resolved',
          entityRef: past.entityRef,
          impactedEntityRefs: [],
          ownerRef: null,
          source: 'alert',
          labels: past.labels,
          createdBy: 'user:default/bench',
          declaredAt,
        },
        [
          {
            type: 'declared',
            actor: 'user:default/bench',
            at: declaredAt,
            status: 'triage',
          },
          {
            type: 'status_changed',
            actor: 'user:default/bench',
            at: resolvedAt,
            status: 'resolved',
            data: {
              from: 'investigating',
              to: 'resolved',
              note: past.resolution,
            },
          },
        ],
      );
      keyOf.set(incident.id, past.key);
      if (past.postmortem) {
        const postmortem = await services.postmortems.create(
          { incidentId: incident.id },
          user,
        );
        await services.postmortems.update(
          postmortem.id,
          {
            version: postmortem.version,
            rootCauseEntityRef: past.postmortem.rootCauseEntityRef,
          },
          user,
        );
        const section = postmortem.sections.find(s => !s.derived)!;
        await services.postmortems.updateSection(
          postmortem.id,
          section.key,
          { body: past.postmortem.text, version: section.version },
          user,
        );
      }
    }

    // deploys, then alerts through ingestion; the origin's alert opens the incident last
    const { key } = await services.integrations.create(
      { name: 'bench', type: 'generic' },
      user,
    );
    const integration = await services.integrations.authenticate(key);
    for (const change of scenario.changes) {
      await services.changes.record(integration, {
        routing_key: key,
        payload: {
          summary: change.summary,
          timestamp: ago(change.minutesAgo),
          source: 'ci',
          custom_details: { backstage_entity: change.entityRef },
        },
      } as any);
    }
    const ordered = [...scenario.alerts].sort(
      (a, b) =>
        Number(a.role === 'origin') - Number(b.role === 'origin') ||
        b.startsMinutesAgo - a.startsMinutesAgo,
    );
    let incidentId = '';
    for (const alert of ordered) {
      const delivery: AlertDelivery = {
        dedupKey: alert.key,
        status: 'firing',
        startsAt: ago(alert.startsMinutesAgo),
        endsAt: null,
        content: {
          fingerprint: alert.key,
          groupKey: null,
          summary: alert.summary,
          description: '',
          severity: alert.severity,
          source: 'bench',
          labels: alert.labels,
          annotations: {},
          links: [],
          details: {},
          entityRef: alert.entityRef,
        },
      };
      const result = await services.alerts.ingest(integration, [delivery]);
      if (alert.role === 'origin') incidentId = result.incidents[0];
    }
    await services.triage.idle();
    const triage = await services.triage.get(incidentId, user);
    const incident = await services.incidents.get(incidentId, user);

    // the naive baseline, from the same observable data
    const upstream = await services.graph.blastRadius(
      { entityRef: scenario.origin, direction: 'upstream' },
      user,
    );
    const recent = (ref: string) =>
      scenario.alerts.some(a => a.entityRef === ref && a.role !== 'origin') ||
      scenario.changes.some(c => c.entityRef === ref && c.minutesAgo <= 60);
    const baselineCauses = [
      ...(scenario.changes.some(
        c => c.entityRef === scenario.origin && c.minutesAgo <= 60,
      )
        ? [scenario.origin]
        : []),
      ...upstream.impacted
        .filter(e => e.kind !== 'api' && recent(e.entityRef))
        .sort((a, b) => a.distance - b.distance)
        .map(e => e.entityRef),
      scenario.origin,
    ];
    const tags = {
      distance: scenario.truth.causeDistance,
      story: scenario.truth.story,
    };
    return {
      scenario,
      triage,
      tookMs: triage.tookMs,
      assistant: {
        truth: scenario.truth,
        answer: {
          causes: triage.causes.map(c => c.entityRef),
          severity: triage.severity.severity,
          similar: triage.similar.map(
            s => keyOf.get(s.incidentId) ?? s.incidentId,
          ),
        },
        tags,
      },
      baseline: {
        truth: scenario.truth,
        answer: {
          causes: [...new Set(baselineCauses)],
          severity: incident.severity,
          similar: scenario.history
            .filter(p => p.entityRef === scenario.origin)
            .sort((a, b) => a.daysAgo - b.daysAgo)
            .map(p => p.key),
        },
        tags,
      },
    };
  } finally {
    await knex.destroy();
  }
}

function line(
  name: string,
  ours: number,
  base: number,
  target: number,
  percent = true,
) {
  const show = (v: number) =>
    percent ? `${(v * 100).toFixed(1)} %` : v.toFixed(3);
  const ratio = base > 0 ? `${(ours / base).toFixed(2)}x` : 'n/a';
  console.log(
    `${name.padEnd(22)} assistant ${show(ours).padStart(8)} | baseline ${show(
      base,
    ).padStart(8)} | ` +
      `ratio ${ratio.padStart(6)} | target ${show(target)}: ${
        ours >= target ? 'met' : 'MISSED'
      }`,
  );
}

async function main() {
  const entities = loadDemoCatalog();
  const scenarios = generateScenarios(entities, COUNT, SEED);
  const dir = path.join(os.tmpdir(), 'lookout-bench-triage');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `scenarios-${SEED}.json`);
  fs.writeFileSync(file, JSON.stringify(scenarios, null, 1));
  console.log(
    `${scenarios.length} labelled scenarios (seed ${SEED}) written to ${file}`,
  );

  const outcomes: Outcome[] = [];
  for (const scenario of scenarios) {
    outcomes.push(await run(scenario, entities));
  }
  if (process.env.LOOKOUT_BENCH_DEBUG) {
    const missed = outcomes.filter(
      o =>
        o.assistant.answer.causes[0] !== o.assistant.truth.cause ||
        o.assistant.answer.severity !== o.assistant.truth.severity ||
        o.assistant.answer.similar
          .slice(0, 3)
          .some(k => !o.assistant.truth.similar.includes(k)),
    );
    fs.writeFileSync(
      path.join(dir, 'missed.json'),
      JSON.stringify(missed, null, 1),
    );
    console.log(
      `${missed.length} scenarios with a miss written to ${dir}/missed.json`,
    );
  }
  const ours: Scores = score(outcomes.map(o => o.assistant));
  const base: Scores = score(outcomes.map(o => o.baseline));
  line('top-1 probable cause', ours.top1, base.top1, TARGETS.top1);
  line('top-3 probable cause', ours.top3, base.top3, TARGETS.top3);
  line('severity', ours.severity, base.severity, TARGETS.severity);
  line(
    'precision@3 similar',
    ours.precisionAt3,
    base.precisionAt3,
    TARGETS.precisionAt3,
    false,
  );
  const byDistance = top1By(
    outcomes.map(o => o.assistant),
    'distance',
  );
  const byStory = top1By(
    outcomes.map(o => o.assistant),
    'story',
  );
  console.log(`top-1 by cause distance: ${JSON.stringify(byDistance)}`);
  console.log(`top-1 by story: ${JSON.stringify(byStory)}`);
  const took = outcomes.map(o => o.tookMs);
  const latency = {
    p50: percentile(took, 50),
    p95: percentile(took, 95),
    max: Math.max(...took),
  };
  console.log(
    `triage compute time over real SQLite: p50 ${latency.p50} ms, p95 ${latency.p95} ms, max ${latency.max} ms (target < 1000 ms)`,
  );
  console.log(
    JSON.stringify({
      bench: 'triage',
      database: 'sqlite',
      seed: SEED,
      scenarios: ours.scenarios,
      assistant: ours,
      baseline: base,
      targets: TARGETS,
      meetsTargets:
        ours.top1 >= TARGETS.top1 &&
        ours.top3 >= TARGETS.top3 &&
        ours.severity >= TARGETS.severity &&
        ours.precisionAt3 >= TARGETS.precisionAt3,
      top1ByDistance: byDistance,
      top1ByStory: byStory,
      computeMs: latency,
    }),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
