import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  IncidentTriage,
  TriageVerdict,
} from '@lookout/plugin-incidents-common';
import { triageApiRef } from '../api/triage';

export interface IncidentTriageState {
  triage?: IncidentTriage;
  /** The last failure of loading, refreshing or judging; the last good triage stays shown. */
  error?: Error;
  /** A refresh is running. */
  refreshing: boolean;
  refresh(): Promise<void>;
  judge(suggestionId: string, verdict: TriageVerdict): Promise<void>;
}

/**
 * An incident's triage, loaded again whenever `revision` changes (the incident page bumps it
 * on every live update). Verdicts show at once and are rolled back if the backend refuses.
 */
export function useIncidentTriage(
  incidentId: string,
  revision: number,
): IncidentTriageState {
  const triageApi = useApi(triageApiRef);
  const [triage, setTriage] = useState<IncidentTriage>();
  const [error, setError] = useState<Error>();
  const [refreshing, setRefreshing] = useState(false);

  useEffect(() => {
    let current = true;
    triageApi.getTriage(incidentId).then(
      loaded => {
        if (!current) return;
        setTriage(loaded);
        setError(undefined);
      },
      failed => current && setError(failed),
    );
    return () => {
      // a slower answer for an earlier revision or another incident must not win
      current = false;
    };
  }, [triageApi, incidentId, revision]);

  const refresh = useCallback(async () => {
    setRefreshing(true);
    try {
      setTriage(await triageApi.refreshTriage(incidentId));
      setError(undefined);
    } catch (failed) {
      setError(failed as Error);
    } finally {
      setRefreshing(false);
    }
  }, [triageApi, incidentId]);

  const judge = useCallback(
    async (suggestionId: string, verdict: TriageVerdict) => {
      let before: TriageVerdict | undefined;
      const setVerdict = (value: TriageVerdict | undefined) =>
        setTriage(t => {
          if (!t) return t;
          const verdicts = { ...t.verdicts };
          if (value) verdicts[suggestionId] = value;
          else delete verdicts[suggestionId];
          return { ...t, verdicts };
        });
      setTriage(t => {
        before = t?.verdicts[suggestionId];
        return t;
      });
      setVerdict(verdict);
      try {
        await triageApi.judgeSuggestion(incidentId, { suggestionId, verdict });
      } catch (failed) {
        setVerdict(before);
        setError(failed as Error);
      }
    },
    [triageApi, incidentId],
  );

  return { triage, error, refreshing, refresh, judge };
}
