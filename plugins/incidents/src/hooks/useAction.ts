import { useCallback, useState } from 'react';
import { errorMessage } from '../api';

/** Runs one change; resolves to whether it succeeded, so a form knows to clear. */
export type RunAction = (action: () => Promise<unknown>) => Promise<boolean>;

/**
 * Runs changes one at a time and keeps the backend's message when one fails. The page reloads
 * after a change that worked, and also after one that failed when `refreshOnFailure` is set
 * (after a 409 the page must show the version that won).
 */
export function useAction(
  refresh: () => void,
  options: { refreshOnFailure?: boolean } = {},
) {
  const { refreshOnFailure = false } = options;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const run: RunAction = useCallback(
    async action => {
      setBusy(true);
      setError(undefined);
      let ok = false;
      try {
        await action();
        ok = true;
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setBusy(false);
      }
      if (ok || refreshOnFailure) refresh();
      return ok;
    },
    [refresh, refreshOnFailure],
  );

  const clearError = useCallback(() => setError(undefined), []);
  return { run, busy, error, clearError };
}
