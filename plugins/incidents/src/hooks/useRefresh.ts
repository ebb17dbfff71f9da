import { useReducer } from 'react';

/**
 * A counter to put in a `useAsync` dependency list, and a stable function that bumps it.
 * Unlike `useAsyncRetry`'s `retry`, a bump during a load is not dropped: the newer load wins.
 */
export function useRefresh(): [number, () => void] {
  return useReducer((count: number) => count + 1, 0);
}
