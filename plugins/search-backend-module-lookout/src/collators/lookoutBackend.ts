import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { Page } from '@lookout/plugin-incidents-common';

/** What a collator needs to call the incidents backend as this plugin. */
export interface LookoutBackendOptions {
  auth: AuthService;
  discovery: DiscoveryService;
}

/**
 * GETs `path` (with `query`) of the incidents backend with this plugin's own service token and
 * answers the JSON body; a refusal throws a ResponseError, which fails the index run. The token
 * is fresh per call: a long index run must not outlive its token.
 */
export async function getFromLookout<T>(
  { auth, discovery }: LookoutBackendOptions,
  path: string,
  query?: URLSearchParams,
): Promise<T> {
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: await auth.getOwnServiceCredentials(),
    targetPluginId: 'incidents',
  });
  const baseUrl = await discovery.getBaseUrl('incidents');
  const response = await fetch(`${baseUrl}${path}${query ? `?${query}` : ''}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  return (await response.json()) as T;
}

/** Every item of a cursor-paged route of the incidents backend, `pageSize` per request. */
export async function* pageThroughLookout<T>(
  options: LookoutBackendOptions,
  path: string,
  pageSize: number,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ limit: String(pageSize) });
    if (cursor) query.set('cursor', cursor);
    const page = await getFromLookout<Page<T>>(options, path, query);
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}
