import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { incidentsApiRef } from '../api';

/**
 * Integration names by id, to say which sender an alert came through. A decoration only: while
 * loading, or when the list cannot be read, the map is empty and alerts show their source alone.
 */
export function useIntegrationNames(): Map<string, string> {
  const incidentsApi = useApi(incidentsApiRef);
  const { value } = useAsync(
    () => incidentsApi.listIntegrations(),
    [incidentsApi],
  );
  return new Map((value ?? []).map(({ id, name }) => [id, name]));
}
