import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Incident, ListIncidentsQuery } from '@lookout/plugin-incidents-common';
import { incidentsApiRef } from '../api';

interface Loaded {
  items: Incident[];
  nextCursor?: string;
  pages: number;
}

/** The state of a cursor-paged incident list; `items` is undefined until the first page is in. */
export interface PagedIncidents {
  items?: Incident[];
  hasMore: boolean;
  loading: boolean;
  error?: Error;
  loadMore: () => void;
  /** Fetches again as many pages as are shown, so a live update does not collapse the list. */
  reload: () => void;
}

/** Lists incidents page by page; a changed query starts over from its first page. */
export function usePagedIncidents(
  query: Omit<ListIncidentsQuery, 'cursor'>,
): PagedIncidents {
  const incidentsApi = useApi(incidentsApiRef);
  // Callers build the query inline; its JSON is what identifies it.
  const queryKey = JSON.stringify(query);
  const [loaded, setLoaded] = useState<Loaded>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();
  const loadedRef = useRef(loaded);
  loadedRef.current = loaded;
  // Only the newest request may write: a slow page of an old query must not land in a new one.
  const generation = useRef(0);

  const load = useCallback(
    async (pages: number, after?: Loaded) => {
      const current = ++generation.current;
      setLoading(true);
      try {
        const base = JSON.parse(queryKey) as ListIncidentsQuery;
        const items = after ? [...after.items] : [];
        let cursor = after?.nextCursor;
        let fetched = 0;
        do {
          const page = await incidentsApi.listIncidents({ ...base, cursor });
          items.push(...page.items);
          cursor = page.nextCursor;
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
        if (current === generation.current) {
          setError(e as Error);
        }
      } finally {
        if (current === generation.current) {
          setLoading(false);
        }
      }
    },
    [incidentsApi, queryKey],
  );

  useEffect(() => {
    load(1);
  }, [load]);

  const loadMore = useCallback(() => {
    if (loadedRef.current?.nextCursor) {
      load(1, loadedRef.current);
    }
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
