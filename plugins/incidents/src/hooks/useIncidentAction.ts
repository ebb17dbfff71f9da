import { RunAction, useAction } from './useAction';

/** Runs one change to an incident; resolves to whether it succeeded. */
export type RunIncidentAction = RunAction;

/**
 * Runs changes to an incident one at a time, keeps the backend's message when one fails, and
 * refetches either way: after a 409 the page must show the version that won.
 */
export function useIncidentAction(refresh: () => void) {
  return useAction(refresh, { alsoAfterFailure: true });
}
