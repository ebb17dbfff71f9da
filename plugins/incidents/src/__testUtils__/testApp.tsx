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
import { IncidentsClient, incidentsApiRef } from '../api/incidents';
import { PostmortemsClient, postmortemsApiRef } from '../api/postmortems';
import { OnCallClient, oncallApiRef } from '../api/oncall';
import { PagingClient, pagingApiRef } from '../api/paging';
import { TriageClient, triageApiRef } from '../api/triage';
import { RunbooksClient, runbooksApiRef } from '../api/runbooks';
import { StatusPageClient, statusPageApiRef } from '../api/statuspage';
import { SupportClient, supportApiRef } from '../api/support';
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
import { triageFixture } from './fixtures';

// Tests import the backend's shapes from here too, beside the app that serves them.
export * from './fixtures';

/** Where msw answers for the incidents backend in every test. */
export const baseUrl = 'http://localhost:7007/api/incidents';

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
  // every client talks to msw through the test's global fetch
  const backend = {
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: { fetch: (...args: Parameters<typeof fetch>) => fetch(...args) },
  };
  return renderInTestApp(isolated, {
    apis: [
      [incidentsApiRef, new IncidentsClient(backend)],
      [postmortemsApiRef, new PostmortemsClient(backend)],
      [triageApiRef, new TriageClient(backend)],
      [pagingApiRef, new PagingClient(backend)],
      [oncallApiRef, new OnCallClient(backend)],
      [runbooksApiRef, new RunbooksClient(backend)],
      [statusPageApiRef, new StatusPageClient(backend)],
      ...(options.support
        ? [[supportApiRef, new SupportClient(backend)] as const]
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
