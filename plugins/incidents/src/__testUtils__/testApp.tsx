import { act } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { Entity } from '@backstage/catalog-model';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
  Permission,
} from '@backstage/plugin-permission-common';
import { SWRConfig } from 'swr';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import {
  Incident,
  IncidentTriage,
  TimelineEvent,
} from '@lookout/plugin-incidents-common';
import { IncidentsClient, incidentsApiRef } from '../api/incidents';
import { PostmortemsClient, postmortemsApiRef } from '../api/postmortems';
import { OnCallClient, oncallApiRef } from '../api/oncall';
import { PagingClient, pagingApiRef } from '../api/paging';
import { TriageClient, triageApiRef } from '../api/triage';
import { RunbooksClient, runbooksApiRef } from '../api/runbooks';
import { StatusPageClient, statusPageApiRef } from '../api/statuspage';
import { SupportClient, supportApiRef } from '../api/support';
import {
  Alert,
  Integration,
  MaintenanceWindow,
} from '@lookout/plugin-incidents-common';
import { IncidentsSignal } from '@lookout/plugin-incidents-common';
import {
  alertInboxRouteRef,
  incidentRouteRef,
  integrationsRouteRef,
  oncallRouteRef,
  postmortemRouteRef,
  postmortemsRouteRef,
  rootRouteRef,
  scheduleRouteRef,
  myPagesRouteRef,
  statusPageRouteRef,
  supportRouteRef,
  insightsRouteRef,
} from '../routes';

/** Where msw answers for the incidents backend in every test. */
export const baseUrl = 'http://localhost:7007/api/incidents';

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

/**
 * Answers the incident page's Alerts and Recent changes cards with nothing, for tests about the
 * rest of the page (msw fails on unanswered requests).
 */
export function emptyAlertsAndChanges() {
  return [
    http.get(`${baseUrl}/incidents/:id/alerts`, () =>
      HttpResponse.json({ items: [] }),
    ),
    http.get(`${baseUrl}/incidents/:id/changes`, () =>
      HttpResponse.json({
        since: '2026-10-31T10:00:00.000Z',
        entityRefs: [],
        items: [],
      }),
    ),
    http.get(`${baseUrl}/integrations`, () => HttpResponse.json({ items: [] })),
    // no earlier postmortems and none of this incident's yet
    http.get(`${baseUrl}/postmortems/recurrence`, () =>
      HttpResponse.json({ items: [] }),
    ),
    http.get(`${baseUrl}/postmortems`, () => HttpResponse.json({ items: [] })),
    // nobody paged yet
    http.get(`${baseUrl}/incidents/:id/pages`, () =>
      HttpResponse.json({ escalation: null, items: [] }),
    ),
    // no runbook suggested
    http.get(`${baseUrl}/incidents/:id/runbooks`, () =>
      HttpResponse.json({ items: [] }),
    ),
    http.get(`${baseUrl}/incidents/:id/triage`, ({ params }) =>
      HttpResponse.json(triageFixture({ incidentId: params.id as string })),
    ),
  ];
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

/**
 * A permission API answer for `renderWithIncidents({ authorize })`: refuses the given
 * permissions (on every incident, or only on `resourceRef` when given) and allows the rest.
 */
export function denying(permissions: Permission[], resourceRef?: string) {
  const names = new Set(permissions.map(p => p.name));
  return (request: EvaluatePermissionRequest) =>
    names.has(request.permission.name) &&
    (resourceRef === undefined || request.resourceRef === resourceRef)
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW;
}

export function catalogEntity(kind: string, name: string, title?: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', ...(title ? { title } : {}) },
    spec: {},
  } as Entity;
}

/** The signals API, driven by the test: `publish` delivers a message as the backend would. */
export function createSignalsFake() {
  const listeners = new Map<string, Set<(message: any) => void>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      const set = listeners.get(channel) ?? new Set();
      set.add(onMessage);
      listeners.set(channel, set);
      return { unsubscribe: () => set.delete(onMessage) };
    },
  };
  const publish = (message: IncidentsSignal) =>
    act(() =>
      listeners.get('incidents')?.forEach(listener => listener(message)),
    );
  return { api, publish };
}

/**
 * Renders inside a test app with the real incidents client (answered by msw), an in-memory
 * catalog, a driveable signals API, and the routes links point at.
 */
export function renderWithIncidents(
  element: JSX.Element,
  options: {
    catalog?: Entity[];
    signals?: ReturnType<typeof createSignalsFake>;
    mountPath?: string;
    initialRouteEntries?: string[];
    /** What the permission backend answers; everything is allowed unless a test says not. */
    authorize?: ReturnType<typeof denying>;
    /** Adds the support client; without it the support panels stay out of the pages. */
    support?: boolean;
  } = {},
) {
  // Converting the sub route also converts its parent, the root route mounted below.
  convertLegacyRouteRef(incidentRouteRef);
  convertLegacyRouteRef(integrationsRouteRef);
  convertLegacyRouteRef(alertInboxRouteRef);
  convertLegacyRouteRef(postmortemsRouteRef);
  convertLegacyRouteRef(postmortemRouteRef);
  convertLegacyRouteRef(oncallRouteRef);
  convertLegacyRouteRef(scheduleRouteRef);
  convertLegacyRouteRef(myPagesRouteRef);
  convertLegacyRouteRef(statusPageRouteRef);
  convertLegacyRouteRef(supportRouteRef);
  convertLegacyRouteRef(insightsRouteRef);
  // usePermission caches answers in SWR's global cache; a fresh cache per render keeps one
  // test's refusals from answering the next test's checks.
  const isolated = (
    <SWRConfig value={{ provider: () => new Map() }}>{element}</SWRConfig>
  );
  return renderInTestApp(isolated, {
    apis: [
      [
        incidentsApiRef,
        new IncidentsClient({
          discoveryApi: { getBaseUrl: async () => baseUrl },
          fetchApi: { fetch: (...args) => fetch(...args) },
        }),
      ],
      [
        postmortemsApiRef,
        new PostmortemsClient({
          discoveryApi: { getBaseUrl: async () => baseUrl },
          fetchApi: { fetch: (...args) => fetch(...args) },
        }),
      ],
      [
        triageApiRef,
        new TriageClient({
          discoveryApi: { getBaseUrl: async () => baseUrl },
          fetchApi: { fetch: (...args) => fetch(...args) },
        }),
      ],
      [
        pagingApiRef,
        new PagingClient({
          discoveryApi: { getBaseUrl: async () => baseUrl },
          fetchApi: { fetch: (...args) => fetch(...args) },
        }),
      ],
      [
        oncallApiRef,
        new OnCallClient({
          discoveryApi: { getBaseUrl: async () => baseUrl },
          fetchApi: { fetch: (...args) => fetch(...args) },
        }),
      ],
      [
        runbooksApiRef,
        new RunbooksClient({
          discoveryApi: { getBaseUrl: async () => baseUrl },
          fetchApi: { fetch: (...args) => fetch(...args) },
        }),
      ],
      [
        statusPageApiRef,
        new StatusPageClient({
          discoveryApi: { getBaseUrl: async () => baseUrl },
          fetchApi: { fetch: (...args) => fetch(...args) },
        }),
      ],
      ...(options.support
        ? [
            [
              supportApiRef,
              new SupportClient({
                discoveryApi: { getBaseUrl: async () => baseUrl },
                fetchApi: { fetch: (...args) => fetch(...args) },
              }),
            ] as const,
          ]
        : []),
      catalogApiMock({ entities: options.catalog ?? [] }),
      [signalApiRef, (options.signals ?? createSignalsFake()).api],
      mockApis.permission({
        authorize: options.authorize ?? AuthorizeResult.ALLOW,
      }),
    ],
    mountedRoutes: {
      '/incidents': convertLegacyRouteRef(rootRouteRef),
      '/catalog/:namespace/:kind/:name': convertLegacyRouteRef(entityRouteRef),
    },
    mountPath: options.mountPath,
    initialRouteEntries: options.initialRouteEntries,
  });
}
