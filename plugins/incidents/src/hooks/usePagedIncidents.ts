import { useApi } from '@backstage/core-plugin-api';
import { Incident, ListIncidentsQuery } from '@lookout/plugin-incidents-common';
import { incidentsApiRef } from '../api/incidents';
import { PagedList, usePagedList } from './usePagedList';

export type PagedIncidents = PagedList<Incident>;

/** Lists incidents page by page; a changed query starts over from its first page. */
export function usePagedIncidents(
  query: Omit<ListIncidentsQuery, 'cursor'>,
): PagedIncidents {
  const incidentsApi = useApi(incidentsApiRef);
  return usePagedList(JSON.stringify(query), cursor =>
    incidentsApi.listIncidents({ ...query, cursor }),
  );
}
