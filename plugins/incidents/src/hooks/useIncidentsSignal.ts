import { useEffect, useRef } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  INCIDENTS_SIGNAL_CHANNEL,
  IncidentsSignal,
} from '@lookout/plugin-incidents-common';

/**
 * Calls `onChange` for every message on the `incidents` channel that `isRelevant` accepts, so a
 * view refetches instead of going stale. Without the signals plugin nothing arrives and views
 * simply do not update live.
 */
export function useIncidentsSignal(
  onChange: () => void,
  isRelevant: (signal: IncidentsSignal) => boolean = () => true,
): void {
  const { lastSignal } = useSignal<IncidentsSignal>(INCIDENTS_SIGNAL_CHANNEL);
  // Callers pass inline closures; reading the latest ones keeps the effect keyed on messages only.
  const latest = useRef({ onChange, isRelevant });
  latest.current = { onChange, isRelevant };

  useEffect(() => {
    if (lastSignal && latest.current.isRelevant(normalize(lastSignal))) {
      latest.current.onChange();
    }
  }, [lastSignal]);
}

/** Messages cross a process boundary; a missing list must not crash a page. */
function normalize(signal: IncidentsSignal): IncidentsSignal {
  return {
    incidentId: String(signal.incidentId ?? ''),
    entityRefs: Array.isArray(signal.entityRefs) ? signal.entityRefs : [],
    type: String(signal.type ?? ''),
  };
}
