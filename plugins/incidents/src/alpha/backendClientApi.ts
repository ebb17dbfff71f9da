import {
  ApiBlueprint,
  ApiRef,
  DiscoveryApi,
  FetchApi,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';

/**
 * The API extension of one of Lookout's clients, which all reach the backend through the app's
 * discovery and fetch APIs. `name` is what an app configures the extension by (`api:incidents/<name>`);
 * without one it is the plugin's own `api:incidents`.
 */
export function backendClientApi<TName extends string | undefined, T>(
  name: TName,
  api: ApiRef<T>,
  Client: new (deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) => T,
) {
  return ApiBlueprint.make({
    name,
    params: defineParams =>
      defineParams({
        api,
        deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
        factory: deps => new Client(deps),
      }),
  });
}
