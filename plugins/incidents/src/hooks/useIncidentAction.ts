import { useCallback, useState } from 'react';
import { errorMessage } from '../api';

/** Runs one change to an incident; resolves to whether it succeeded. */
export type RunIncidentAction = (
  action: () => Promise<unknown>,
) => Promise<boolean>;

/**
 * Runs changes to an incident one at a time, keeps the backend's message when one fails, and
 * refetches either way: after a 409 the page must show the version that won.
 */
export function useIncidentAction(refresh: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const run: RunIncidentAction = useCallback(
    async action => {
      setBusy(true);
      setError(undefined);
      try {
        await action();
        return true;
      } catch (e) {
        setError(errorMessage(e));
        return false;
      } finally {
        setBusy(false);
        refresh();
      }
    },
    [refresh],
  );

  const clearError = useCallback(() => setError(undefined), []);
  return { run, busy, error, clearError };
}
