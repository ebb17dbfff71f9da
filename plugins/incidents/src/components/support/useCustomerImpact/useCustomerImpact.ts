import { useEffect, useState } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { CustomerImpact } from '@lookout/plugin-incidents-common';
import { supportApiRef } from '../../../api/support';

/**
 * Customer impact of the incidents on screen, by incident id, in one request; undefined while
 * loading, after a failure, or in an app without the support API. Without the API it never
 * sets state, so a list renders exactly as it would without support.
 */
export function useCustomerImpact(
  incidentIds: string[],
): Map<string, CustomerImpact> | undefined {
  const supportApi = useApiHolder().get(supportApiRef);
  const key = incidentIds.join(',');
  const [impacts, setImpacts] = useState<Map<string, CustomerImpact>>();
  useEffect(() => {
    if (!supportApi || !key) return undefined;
    let current = true;
    supportApi.impact(key.split(',')).then(
      items => {
        if (current) setImpacts(new Map(items.map(i => [i.incidentId, i])));
      },
      // the column is a courtesy: without an answer the list shows none
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [supportApi, key]);
  return impacts;
}
