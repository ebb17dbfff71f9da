import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { Integration } from '@lookout/plugin-incidents-common';
import { IncidentsApi, incidentsApiRef } from '../api/incidents';

/** How long one read of the integration list serves every component that names senders. */
const FRESH_MS = 60_000;

const reads = new WeakMap<
  IncidentsApi,
  { at: number; list: Promise<Integration[]> }
>();

/** One read shared by every actor and alert row on a page, instead of one each. */
function listIntegrations(api: IncidentsApi): Promise<Integration[]> {
  const read = reads.get(api);
  if (read && Date.now() - read.at < FRESH_MS) return read.list;
  const list = api.listIntegrations().catch(() => [] as Integration[]);
  reads.set(api, { at: Date.now(), list });
  return list;
}

/**
 * Integration names by id, to say which sender an alert or an incident came through. A
 * decoration only: while loading, or when the list cannot be read, the map is empty and
 * callers fall back to words without the name.
 */
export function useIntegrationNames(): Map<string, string> {
  const incidentsApi = useApi(incidentsApiRef);
  const { value } = useAsync(
    () => listIntegrations(incidentsApi),
    [incidentsApi],
  );
  return new Map((value ?? []).map(({ id, name }) => [id, name]));
}
