import { useApi } from '@backstage/core-plugin-api';
import { Page } from '@lookout/plugin-incidents-common';
import { IncidentsApi, incidentsApiRef } from '../api/incidents';
import { PagedList, usePagedList } from './usePagedList';
import { Alert, ListAlertsQuery } from '@lookout/plugin-incidents-common';

/** Which alert list to page through. */
export type AlertListSource =
  | { entityRef: string }
  | { incidentId: string }
  | { unrouted: true };

export type PagedAlerts = PagedList<Alert>;

function fetchPage(
  api: IncidentsApi,
  source: AlertListSource,
  query: ListAlertsQuery,
): Promise<Page<Alert>> {
  if ('entityRef' in source)
    return api.listEntityAlerts(source.entityRef, query);
  if ('incidentId' in source) {
    return api.listIncidentAlerts(source.incidentId, query);
  }
  return api.listUnroutedAlerts(query);
}

/** Lists alerts page by page; a changed source or filter starts over from its first page. */
export function usePagedAlerts(
  source: AlertListSource,
  query: Omit<ListAlertsQuery, 'cursor'> = {},
): PagedAlerts {
  const incidentsApi = useApi(incidentsApiRef);
  return usePagedList(JSON.stringify([source, query]), cursor =>
    fetchPage(incidentsApi, source, { ...query, cursor }),
  );
}
