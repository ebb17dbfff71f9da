import { useCallback, useEffect, useRef, useState } from 'react';
import { Page } from '@lookout/plugin-incidents-common';

/** The state of a cursor-paged list; `items` is undefined until the first page is in. */
export interface PagedList<T> {
  items?: T[];
  hasMore: boolean;
  loading: boolean;
  error?: Error;
  loadMore: () => void;
  /** Fetches again as many pages as are shown, so a live update does not collapse the list. */
  reload: () => void;
}

interface Loaded<T> {
  items: T[];
  nextCursor?: string;
  pages: number;
}

/**
 * Any cursor-paged list of the backend, page by page. `key` identifies the list (callers
 * build their queries inline, so its JSON is the identity); a new key starts over from the
 * first page, and `fetchPage` is read through a ref so an inline closure does not refetch.
 */
export function usePagedList<T>(
  key: string,
  fetchPage: (cursor?: string) => Promise<Page<T>>,
): PagedList<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();
  const loadedRef = useRef(loaded);
  loadedRef.current = loaded;
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  // Only the newest request may write: a slow page of an old list must not land in a new one.
  const generation = useRef(0);

  const load = useCallback(
    async (pages: number, after?: Loaded<T>) => {
      const current = ++generation.current;
      setLoading(true);
      try {
        const items = after ? [...after.items] : [];
        let cursor = after?.nextCursor;
        let fetched = 0;
        do {
          const page = await fetchRef.current(cursor);
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
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
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
