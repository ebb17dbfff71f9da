import {
  ActionItem,
  Alert,
  Incident,
  IncidentTriage,
  Integration,
  MaintenanceWindow,
  Postmortem,
  PostmortemSummary,
  PublicIncident,
  StatusComponent,
  TimelineEvent,
} from '@lookout/plugin-incidents-common';

// What the backend serves, one builder a shape: each returns a typical value, and a test
// overrides only the fields it is about.

/** An incident as the backend returns it; tests override what they are about. */
export function incidentFixture(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-1',
    title: 'Checkout returns 500s',
    description: '',
    severity: 'SEV1',
    status: 'resolved',
    entityRef: 'component:default/checkout-service',
    impactedEntityRefs: [],
    source: 'manual',
    customerImpact: '',
    labels: {},
    links: [],
    ownerRef: 'group:default/checkout-team',
    roles: {},
    mergedInto: null,
    createdBy: 'user:default/guest',
    version: 1,
    declaredAt: '2026-11-01T10:00:00.000Z',
    acknowledgedAt: '2026-11-01T10:04:00.000Z',
    mitigatedAt: null,
    resolvedAt: '2026-11-01T11:30:00.000Z',
    closedAt: null,
    updatedAt: '2026-11-01T11:30:00.000Z',
    ...overrides,
  };
}

/** A timeline event; `data` is whatever the event type carries. */
export function eventFixture(
  overrides: Partial<TimelineEvent> & Pick<TimelineEvent, 'type'>,
): TimelineEvent {
  return {
    id: `ev-${overrides.type}-${overrides.at ?? ''}`,
    incidentId: 'INC-1',
    actor: 'user:default/alice',
    at: '2026-11-01T10:00:00.000Z',
    data: {},
    ...overrides,
  };
}

/** An alert as the backend lists it. */
export function alertFixture(overrides: Partial<Alert> = {}): Alert {
  return {
    id: '1',
    integrationId: 'int-1',
    fingerprint: 'fp-1',
    groupKey: null,
    status: 'firing',
    summary: 'High error rate on checkout',
    description: '',
    severity: 'critical',
    incidentSeverity: 'SEV2',
    source: 'alertmanager',
    entityRef: 'component:default/checkout-service',
    labels: {},
    annotations: {},
    links: [],
    details: {},
    startsAt: '2026-11-01T09:55:00.000Z',
    endsAt: null,
    firstSeenAt: '2026-11-01T09:55:00.000Z',
    lastSeenAt: '2026-11-01T10:10:00.000Z',
    occurrences: 1,
    acknowledgedAt: null,
    incidentId: 'INC-1',
    suppressedBy: null,
    ...overrides,
  };
}

/** An integration as `GET /integrations` lists it. */
export function integrationFixture(
  overrides: Partial<Integration> = {},
): Integration {
  return {
    id: 'int-1',
    name: 'Prod Alertmanager',
    type: 'alertmanager',
    keyHint: 'lk_ab12',
    entityRef: null,
    groupRef: null,
    autoResolve: true,
    signed: false,
    createdBy: 'user:default/alice',
    createdAt: '2026-10-01T08:00:00.000Z',
    lastUsedAt: null,
    ...overrides,
  };
}

/** A maintenance window as the backend lists it. */
export function maintenanceFixture(
  overrides: Partial<MaintenanceWindow> = {},
): MaintenanceWindow {
  return {
    id: 'mw-1',
    entityRef: 'component:default/checkout-service',
    startsAt: '2026-11-02T22:00:00.000Z',
    endsAt: '2026-11-02T23:00:00.000Z',
    reason: 'Database upgrade',
    createdBy: 'user:default/alice',
    createdAt: '2026-11-01T08:00:00.000Z',
    ...overrides,
  };
}

/** A triage as the backend serves it, with nothing suggested; tests add what they are about. */
export function triageFixture(
  overrides: Partial<IncidentTriage> = {},
): IncidentTriage {
  return {
    incidentId: 'INC-1',
    computedAt: '2026-11-01T10:00:01.000Z',
    trigger: 'declared',
    tookMs: 42,
    severity: {
      id: 'severity',
      severity: 'SEV1',
      current: 'SEV1',
      score: 0.8,
      reasons: [{ text: 'the worst of its 1 alert is critical', weight: 3 }],
      facts: {
        impactedCount: 0,
        customerFacing: [],
        bestTier: null,
        alertLevel: 'critical',
      },
    },
    causes: [],
    similar: [],
    runbooks: [],
    responders: [],
    statusDraft: '**Investigating** — We are investigating.',
    timelineSummary: '- 10:00 UTC declared SEV1',
    gaps: [],
    assistant: [],
    verdicts: {},
    ...overrides,
  };
}

/** A postmortem summary as the backend lists it; tests override what they are about. */
export function postmortemSummaryFixture(
  overrides: Partial<PostmortemSummary> = {},
): PostmortemSummary {
  return {
    id: 'pm-1',
    incidentId: 'INC-1',
    title: 'Postmortem: Checkout returns 500s',
    status: 'draft',
    entityRef: 'component:default/checkout-service',
    ownerRef: 'group:default/checkout-team',
    severity: 'SEV1',
    rootCauseEntityRef: null,
    causeCategory: null,
    tags: [],
    createdBy: 'user:default/guest',
    createdAt: '2026-11-02T09:00:00.000Z',
    updatedAt: '2026-11-02T09:00:00.000Z',
    publishedAt: null,
    incidentDeclaredAt: '2026-11-01T10:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

/** A whole postmortem with the default template's sections. */
export function postmortemFixture(
  overrides: Partial<Postmortem> = {},
): Postmortem {
  const section = (key: string, title: string, body = '') => ({
    key,
    title,
    body,
    derived: key === 'timeline',
    version: 1,
    updatedBy: null,
    updatedAt: null,
  });
  return {
    ...postmortemSummaryFixture(),
    sections: [
      section('summary', 'Summary', 'Checkout failed for an hour.'),
      section('timeline', 'Timeline'),
      {
        ...section('root_cause', 'Root cause'),
        prompt: 'The underlying cause',
      },
    ],
    timeline: [
      {
        id: '1',
        incidentId: 'INC-1',
        type: 'declared',
        actor: 'user:default/alice',
        at: '2026-11-01T10:00:00.000Z',
        data: {},
      },
    ],
    reviewers: [],
    actionItems: [],
    ...overrides,
  };
}

export function actionItemFixture(
  overrides: Partial<ActionItem> = {},
): ActionItem {
  return {
    id: 'ai-1',
    postmortemId: 'pm-1',
    incidentId: 'INC-1',
    title: 'Alert on pool saturation',
    ownerRef: 'group:default/checkout-team',
    dueDate: '2026-10-30',
    status: 'open',
    trackerUrl: 'https://tracker.example/OPS-1',
    overdue: true,
    version: 1,
    createdAt: '2026-11-02T09:00:00.000Z',
    updatedAt: '2026-11-02T09:00:00.000Z',
    ...overrides,
  };
}

/** A status page component as the backend lists it; tests override what they are about. */
export function statusComponentFixture(
  overrides: Partial<StatusComponent> = {},
): StatusComponent {
  return {
    id: 'c1',
    name: 'Checkout',
    description: null,
    group: null,
    position: 1,
    entityRefs: [],
    annotatedEntityRefs: [],
    status: 'operational',
    liveStatus: 'operational',
    override: null,
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    ...overrides,
  };
}

/** An incident published on the status page, started at 10:05 and not resolved. */
export function publicIncidentFixture(
  overrides: Partial<PublicIncident> = {},
): PublicIncident {
  return {
    id: 'pub1',
    kind: 'incident',
    incidentId: 'INC-7',
    name: 'Slow checkout',
    status: 'identified',
    impact: 'minor',
    componentIds: ['c1'],
    scheduledFor: null,
    scheduledUntil: null,
    startedAt: '2026-11-01T10:05:00.000Z',
    resolvedAt: null,
    createdAt: '2026-11-01T10:05:00.000Z',
    updatedAt: '2026-11-01T10:05:00.000Z',
    updates: [],
    ...overrides,
  };
}
