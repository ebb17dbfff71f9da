import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { EntityStatus } from '@lookout/plugin-incidents-common';
import { incidentsApiRef } from '../api/incidents';
import { useIncidentsSignal } from './useIncidentsSignal';
import { useRefresh } from './useRefresh';

/**
 * The live status of one entity, fetched again on every incidents signal: an incident anywhere
 * upstream, or on a part or an owned entity, can change it, and the message does not say which.
 */
export function useEntityStatus(entityRef: string) {
  const incidentsApi = useApi(incidentsApiRef);
  const [version, refresh] = useRefresh();
  useIncidentsSignal(refresh);

  return useAsync(async (): Promise<EntityStatus | undefined> => {
    const [status] = await incidentsApi.getEntityStatus([entityRef]);
    return status;
  }, [incidentsApi, entityRef, version]);
}
