import { Knex } from 'knex';

// A hand-built history whose figures are worked out by hand in InsightsService.test.ts.
// Times are UTC. The range is 2026-03-02 (Monday) to 2026-04-06: it holds the change to
// daylight saving time in New York (03-08) and in Berlin (03-29).

export const RANGE = {
  from: '2026-03-02T00:00:00.000Z',
  to: '2026-04-06T00:00:00.000Z',
};

export const PAYMENTS = 'group:default/payments';
export const PAYMENTS_SUB = 'group:default/payments-ledger';
export const SEARCH_TEAM = 'group:default/search-team';
export const SECRET_TEAM = 'group:default/secret-team';
export const CHECKOUT = 'component:default/checkout';
export const LEDGER = 'component:default/ledger';
export const SEARCH = 'component:default/search';
export const SECRET = 'component:default/secret';
export const ANA = 'user:default/ana';
export const BOB = 'user:default/bob';
export const CAROL = 'user:default/carol';

const ALERT_BOT = 'integration:prometheus';
const LOOKOUT = 'service:plugin:incidents';
const PERSON = 'user:default/guest';

const t = (iso: string) => new Date(iso);

interface IncidentSpec {
  seq: number;
  declared: string;
  entity: string;
  owner: string;
  severity: string;
  source: string;
  status: string;
}

const incidents: IncidentSpec[] = [
  // before the range: the earlier incidents recurrence looks back to
  {
    seq: 1,
    declared: '2026-02-05T12:00:00Z',
    entity: CHECKOUT,
    owner: PAYMENTS,
    severity: 'SEV3',
    source: 'manual',
    status: 'closed',
  },
  // exactly 30 days before C: just inside the window
  {
    seq: 2,
    declared: '2026-02-14T08:00:00Z',
    entity: SEARCH,
    owner: SEARCH_TEAM,
    severity: 'SEV3',
    source: 'manual',
    status: 'closed',
  },
  // 30 days and a minute before H: just outside the 30-day window, inside the 90-day one
  {
    seq: 3,
    declared: '2026-02-18T09:59:00Z',
    entity: LEDGER,
    owner: PAYMENTS_SUB,
    severity: 'SEV4',
    source: 'manual',
    status: 'closed',
  },
  // A
  {
    seq: 4,
    declared: '2026-03-02T10:00:00Z',
    entity: CHECKOUT,
    owner: PAYMENTS,
    severity: 'SEV2',
    source: 'alert',
    status: 'resolved',
  },
  // B
  {
    seq: 5,
    declared: '2026-03-09T12:00:00Z',
    entity: CHECKOUT,
    owner: PAYMENTS,
    severity: 'SEV1',
    source: 'manual',
    status: 'resolved',
  },
  // merged into B: never counted
  {
    seq: 6,
    declared: '2026-03-10T00:00:00Z',
    entity: CHECKOUT,
    owner: PAYMENTS,
    severity: 'SEV1',
    source: 'manual',
    status: 'merged',
  },
  // C
  {
    seq: 7,
    declared: '2026-03-16T08:00:00Z',
    entity: SEARCH,
    owner: SEARCH_TEAM,
    severity: 'SEV3',
    source: 'manual',
    status: 'investigating',
  },
  // H
  {
    seq: 8,
    declared: '2026-03-20T10:00:00Z',
    entity: LEDGER,
    owner: PAYMENTS_SUB,
    severity: 'SEV3',
    source: 'manual',
    status: 'triage',
  },
  // X: only readers of the secret team's incidents see it
  {
    seq: 9,
    declared: '2026-03-25T10:00:00Z',
    entity: SECRET,
    owner: SECRET_TEAM,
    severity: 'SEV1',
    source: 'manual',
    status: 'resolved',
  },
  // D
  {
    seq: 10,
    declared: '2026-03-30T09:00:00Z',
    entity: SEARCH,
    owner: SEARCH_TEAM,
    severity: 'SEV2',
    source: 'alert',
    status: 'resolved',
  },
];

/** [incident, type, status, actor, at] */
const events: Array<[number, string, string | null, string, string]> = [
  [1, 'declared', 'triage', PERSON, '2026-02-05T12:00:00Z'],
  [2, 'declared', 'triage', PERSON, '2026-02-14T08:00:00Z'],
  [3, 'declared', 'triage', PERSON, '2026-02-18T09:59:00Z'],
  // A: the alert came at 09:58, two minutes before the incident opened
  [4, 'declared', 'triage', ALERT_BOT, '2026-03-02T10:00:00Z'],
  [4, 'acknowledged', null, ANA, '2026-03-02T10:03:00Z'],
  [4, 'blast_radius', null, LOOKOUT, '2026-03-02T10:00:01Z'],
  [4, 'status_changed', 'investigating', ANA, '2026-03-02T10:10:00Z'],
  [4, 'status_changed', 'monitoring', ANA, '2026-03-02T11:00:00Z'],
  [4, 'status_update_published', null, ANA, '2026-03-02T11:05:00Z'],
  [4, 'status_changed', 'resolved', ANA, '2026-03-02T11:58:00Z'],
  // B
  [5, 'declared', 'triage', PERSON, '2026-03-09T12:00:00Z'],
  [5, 'severity_changed', null, PERSON, '2026-03-09T12:05:00Z'],
  [5, 'acknowledged', null, ANA, '2026-03-09T12:10:00Z'],
  [5, 'status_changed', 'investigating', ANA, '2026-03-09T12:30:00Z'],
  [5, 'status_changed', 'resolved', ANA, '2026-03-09T13:00:00Z'],
  [6, 'declared', 'triage', PERSON, '2026-03-10T00:00:00Z'],
  [6, 'acknowledged', null, PERSON, '2026-03-10T00:00:01Z'],
  // C
  [7, 'declared', 'triage', PERSON, '2026-03-16T08:00:00Z'],
  [7, 'acknowledged', null, BOB, '2026-03-16T08:20:00Z'],
  [7, 'note', null, BOB, '2026-03-16T09:00:00Z'],
  // H
  [8, 'declared', 'triage', PERSON, '2026-03-20T10:00:00Z'],
  // X
  [9, 'declared', 'triage', PERSON, '2026-03-25T10:00:00Z'],
  [9, 'acknowledged', null, CAROL, '2026-03-25T10:01:00Z'],
  [9, 'status_changed', 'resolved', CAROL, '2026-03-25T10:30:00Z'],
  // D
  [10, 'declared', 'triage', ALERT_BOT, '2026-03-30T09:00:00Z'],
  [10, 'acknowledged', null, BOB, '2026-03-30T09:04:00Z'],
  [10, 'status_update_published', null, LOOKOUT, '2026-03-30T09:30:00Z'],
  [10, 'status_changed', 'resolved', LOOKOUT, '2026-03-30T10:00:00Z'],
];

/** [incident, level, round, user, sent (null: never delivered)] */
const pages: Array<[number, number, number, string, string | null]> = [
  [4, 1, 1, ANA, '2026-03-02T10:01:00Z'], // Monday 11:01 in Berlin: business
  [5, 1, 1, ANA, '2026-03-09T12:02:00Z'], // Monday 13:02 in Berlin: business
  [8, 1, 1, ANA, null],
  [8, 2, 1, ANA, '2026-03-28T21:30:00Z'], // Saturday 22:30 CET: sleep
  [8, 2, 2, ANA, '2026-03-29T05:30:00Z'], // Sunday 07:30 CEST, same night: sleep
  [8, 2, 3, ANA, '2026-03-30T06:30:00Z'], // Monday 08:30 CEST (07:30 had it been CET): business
  [7, 0, 0, BOB, '2026-03-16T08:10:00Z'], // a reassignment; Monday 04:10 EDT: sleep
  [7, 1, 2, BOB, '2026-03-21T15:00:00Z'], // Saturday 11:00 EDT: off
  [10, 1, 1, BOB, '2026-03-30T09:01:00Z'], // Monday 05:01 EDT: sleep
  [9, 1, 1, CAROL, '2026-03-25T10:00:30Z'], // Wednesday 10:00 UTC: business
];

/** Loads the history; every table is empty before. */
export async function loadHistory(knex: Knex): Promise<void> {
  await knex('incidents').insert(
    incidents.map(i => ({
      seq: i.seq,
      title: `Incident ${i.seq}`,
      description: '',
      severity: i.severity,
      status: i.status,
      entity_ref: i.entity,
      impacted_entity_refs: '[]',
      owner_ref: i.owner,
      source: i.source,
      customer_impact: '',
      labels: '{}',
      links: '[]',
      merged_into: i.status === 'merged' ? 5 : null,
      created_by: PERSON,
      version: 1,
      declared_at: t(i.declared),
      updated_at: t(i.declared),
    })),
  );
  if (knex.client.config.client === 'pg') {
    await knex.raw(
      "select setval(pg_get_serial_sequence('incidents', 'seq'), 100)",
    );
  }
  await knex('incident_entities').insert(
    incidents.map(i => ({
      incident_seq: i.seq,
      entity_ref: i.entity,
      role: 'origin',
      declared_at: t(i.declared),
    })),
  );
  await knex('incident_events').insert(
    events.map(([seq, type, status, actor, at]) => ({
      incident_seq: seq,
      type,
      status,
      actor,
      at: t(at),
      data: '{}',
    })),
  );

  const integration = {
    id: 'int-1',
    name: 'prometheus',
    type: 'alertmanager',
    key_hash: 'h'.repeat(64),
    key_hint: 'lk_',
    created_by: PERSON,
    created_at: t('2026-01-01T00:00:00Z'),
  };
  await knex('integrations').insert(integration);
  await knex('alerts').insert({
    integration_id: 'int-1',
    dedup_key: 'a1',
    fingerprint: 'a1',
    status: 'resolved',
    summary: 'Checkout 5xx',
    description: '',
    incident_severity: 'SEV2',
    source: 'prometheus',
    entity_ref: CHECKOUT,
    labels: '{}',
    annotations: '{}',
    links: '[]',
    details: '{}',
    starts_at: t('2026-03-02T09:57:00Z'),
    first_seen_at: t('2026-03-02T09:58:00Z'),
    last_seen_at: t('2026-03-02T10:30:00Z'),
    occurrences: 3,
    incident_seq: 4,
  });

  await knex('escalations').insert(
    [
      [4, PAYMENTS],
      [5, PAYMENTS],
      [8, PAYMENTS],
      [7, SEARCH_TEAM],
      [10, SEARCH_TEAM],
    ].map(([seq, group]) => ({
      incident_seq: seq,
      group_ref: group,
      policy_id: 'p',
      policy: '{}',
      state: 'resolved',
      level: 1,
      round: 1,
      epoch: 1,
      started_at: t('2026-03-01T00:00:00Z'),
    })),
  );
  await knex('escalation_pages').insert(
    pages.map(([seq, level, round, user, sent], index) => ({
      id: `page-${index}`,
      incident_seq: seq,
      level,
      round,
      run: level === 0 ? 0 : 1,
      reassignment: level === 0 ? 1 : 0,
      user_ref: user,
      reason: 'test',
      status: sent ? 'sent' : 'failed',
      channels: '[]',
      due_at: t(sent ?? '2026-03-20T10:00:00Z'),
      created_at: t(sent ?? '2026-03-20T10:00:00Z'),
      sent_at: sent ? t(sent) : null,
    })),
  );
  await knex('oncall_schedules').insert({
    id: 'sched-1',
    name: 'Payments primary',
    owner_ref: PAYMENTS,
    time_zone: 'Europe/Berlin',
    layers: JSON.stringify([{ members: [ANA], start: '2026-01-05T09:00:00Z' }]),
    created_at: t('2026-01-01T00:00:00Z'),
    updated_at: t('2026-01-01T00:00:00Z'),
    version: 1,
  });

  await knex('triage_results').insert({
    incident_seq: 4,
    result: '{}',
    trigger: 'declared',
    computed_at: t('2026-03-02T10:00:30Z'),
  });

  // the status page: A's update reached 3 of 4 subscribers (one skipped), D's 1 of 2
  await knex('status_incidents').insert(
    [
      ['si-a', 4],
      ['si-d', 10],
    ].map(([id, seq]) => ({
      id,
      kind: 'incident',
      incident_seq: seq,
      name: 'Degraded',
      status: 'resolved',
      impact: 'minor',
      component_ids: '[]',
      started_at: t('2026-03-02T10:00:00Z'),
      created_at: t('2026-03-02T10:00:00Z'),
      updated_at: t('2026-03-02T10:00:00Z'),
    })),
  );
  await knex('status_updates').insert(
    [
      ['u-a', 'si-a'],
      ['u-d', 'si-d'],
    ].map(([id, statusIncident]) => ({
      id,
      status_incident_id: statusIncident,
      status: 'investigating',
      body: 'We are looking into it',
      created_by: PERSON,
      created_at: t('2026-03-02T10:05:00Z'),
    })),
  );
  await knex('status_deliveries').insert(
    [
      ['u-a', 's1', 'delivered'],
      ['u-a', 's2', 'delivered'],
      ['u-a', 's3', 'delivered'],
      ['u-a', 's4', 'failed'],
      ['u-a', 's5', 'skipped'],
      ['u-d', 's1', 'delivered'],
      ['u-d', 's2', 'pending'],
    ].map(([update, subscriber, state]) => ({
      update_id: update,
      subscriber_id: subscriber,
      state,
    })),
  );

  // postmortems: F's items stand behind A's repeat (A follows F); A and X name the same cause
  const postmortem = (
    id: string,
    seq: number,
    rootCause: string | null,
    createdBy: string,
  ) => ({
    id,
    incident_seq: seq,
    title: `Postmortem ${seq}`,
    status: 'published',
    entity_ref: incidents.find(i => i.seq === seq)!.entity,
    severity: 'SEV2',
    root_cause_entity_ref: rootCause,
    created_by: createdBy,
    version: 1,
    incident_declared_at: t(incidents.find(i => i.seq === seq)!.declared),
    created_at: t('2026-03-31T00:00:00Z'),
    updated_at: t('2026-03-31T00:00:00Z'),
  });
  await knex('postmortems').insert([
    postmortem('pm-f', 1, null, PERSON),
    postmortem('pm-a', 4, 'resource:default/db', PERSON),
    postmortem('pm-x', 9, 'resource:default/db', LOOKOUT),
  ]);
  const item = (id: string, status: string, due: string | null) => ({
    id,
    postmortem_id: 'pm-f',
    title: id,
    owner_ref: PAYMENTS,
    due_date: due,
    status,
    version: 1,
    created_at: t('2026-02-10T00:00:00Z'),
    updated_at: t('2026-02-10T00:00:00Z'),
  });
  await knex('postmortem_action_items').insert([
    item('ai-done', 'done', '2026-02-20'),
    item('ai-overdue', 'open', '2026-03-01'),
    item('ai-open', 'in_progress', '2026-12-31'),
  ]);

  // deploys: [entity, at]; a 24-hour window
  await knex('change_events').insert(
    [
      [CHECKOUT, '2026-03-09T11:00:00Z'], // B an hour later: failed, recovered in 7200 s
      [CHECKOUT, '2026-03-03T10:00:00Z'], // nothing within a day
      [SEARCH, '2026-03-29T10:00:00Z'], // D 23 hours later: failed, recovered in 86400 s
      [SEARCH, '2026-03-15T08:00:00Z'], // C exactly 24 hours later: outside the window
      [SECRET, '2026-03-25T09:00:00Z'], // X an hour later: failed, recovered in 5400 s
    ].map(([entity, at], index) => ({
      integration_id: 'int-1',
      dedup_hash: `d${index}`,
      entity_ref: entity,
      summary: 'deploy',
      source: 'ci',
      at: t(at),
      received_at: t(at),
      links: '[]',
      details: '{}',
    })),
  );
}
