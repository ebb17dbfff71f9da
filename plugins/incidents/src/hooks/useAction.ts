import { useCallback, useState } from 'react';
import { errorMessage } from '../api';

/** Runs one change; resolves to whether it succeeded, so a form knows to clear. */
export type RunAction = (action: () => Promise<unknown>) => Promise<boolean>;

/** For a caller whose action itself says what follows (it alone holds what was saved). */
const nothingAfter = () => {};

/**
 * Runs changes one at a time and keeps the backend's message when one fails. `onDone` follows
 * a change that worked (a page reloads, a dialog closes), when given, and one that failed too when
 * `alsoAfterFailure` is set (after a 409 the page must show the version that won).
 */
export function useAction(
  onDone: () => void = nothingAfter,
  options: { alsoAfterFailure?: boolean } = {},
) {
  const { alsoAfterFailure = false } = options;
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
      if (ok || alsoAfterFailure) onDone();
      return ok;
    },
    [onDone, alsoAfterFailure],
  );

  const clearError = useCallback(() => setError(undefined), []);
  return { run, busy, error, clearError };
}
