import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { BlastRadius } from '@lookout/plugin-incidents-common';
import { BlastRadiusQuery } from '@lookout/plugin-incidents-common';
import { incidentsApiRef } from '../api/incidents';

/** The blast radius for a query; a changed query fetches again. */
export function useBlastRadius(query: BlastRadiusQuery) {
  const incidentsApi = useApi(incidentsApiRef);
  const { entityRef, direction, maxDepth, limit } = query;
  return useAsync(
    (): Promise<BlastRadius> =>
      incidentsApi.getBlastRadius({ entityRef, direction, maxDepth, limit }),
    [incidentsApi, entityRef, direction, maxDepth, limit],
  );
}
