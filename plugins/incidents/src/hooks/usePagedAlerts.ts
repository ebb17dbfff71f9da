import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Page } from '@lookout/plugin-incidents-common';
import { IncidentsApi, incidentsApiRef } from '../api';
import { Alert, ListAlertsQuery } from '@lookout/plugin-incidents-common';

/** Which alert list to page through. */
export type AlertListSource =
  | { entityRef: string }
  | { incidentId: string }
  | { unrouted: true };

/** The state of a cursor-paged alert list; `items` is undefined until the first page is in. */
export interface PagedAlerts {
  items?: Alert[];
  hasMore: boolean;
  loading: boolean;
  error?: Error;
  loadMore: () => void;
  /** Fetches again as many pages as are shown, so a refresh does not collapse the list. */
  reload: () => void;
}

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
  // Callers build both inline; their JSON is what identifies the list.
  const key = JSON.stringify([source, query]);
  const [loaded, setLoaded] = useState<{
    items: Alert[];
    nextCursor?: string;
    pages: number;
  }>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();
  const loadedRef = useRef(loaded);
  loadedRef.current = loaded;
  // Only the newest request may write: a slow page of an old filter must not land in a new one.
  const generation = useRef(0);

  const load = useCallback(
    async (pages: number, after?: typeof loaded) => {
      const current = ++generation.current;
      setLoading(true);
      try {
        const [from, base] = JSON.parse(key) as [
          AlertListSource,
          ListAlertsQuery,
        ];
        const items = after ? [...after.items] : [];
        let cursor = after?.nextCursor;
        let fetched = 0;
        do {
          const page = await fetchPage(incidentsApi, from, { ...base, cursor });
          items.push(...page.items);
          cursor = page.nextCursor ?? undefined;
          fetched += 1;
        } while (cursor && fetched < pages);
        if (current === generation.current) {
          setLoaded({
            items,
            nextCursor: cursor,
            pages: (after?.pages ?? 0) + fetched,
          });
          setError(undefined);
        }
      } catch (e) {
        if (current === generation.current) setError(e as Error);
      } finally {
        if (current === generation.current) setLoading(false);
      }
    },
    [incidentsApi, key],
  );

  useEffect(() => {
    load(1);
  }, [load]);

  const loadMore = useCallback(() => {
    if (loadedRef.current?.nextCursor) load(1, loadedRef.current);
  }, [load]);

  const reload = useCallback(() => {
    load(loadedRef.current?.pages ?? 1);
  }, [load]);

  return {
    items: loaded?.items,
    hasMore: Boolean(loaded?.nextCursor),
    loading,
    error,
    loadMore,
    reload,
  };
}
