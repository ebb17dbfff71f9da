import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  ImportPlan,
  ImportRequest,
  ImportVendor,
} from '@lookout/plugin-incidents-common';
import { BackendClient } from '../BackendClient';
import { ImportApi } from './ImportApi';

/** Talks to the import routes of `/api/incidents`; tokens come from the fetch API. */
export class ImportClient implements ImportApi {
  private readonly backend: BackendClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.backend = new BackendClient(options);
  }

  plan(vendor: ImportVendor, request: ImportRequest): Promise<ImportPlan> {
    return this.backend.send(
      'POST',
      `/import/${encodeURIComponent(vendor)}/plan`,
      request,
    );
  }

  apply(vendor: ImportVendor, request: ImportRequest): Promise<ImportPlan> {
    return this.backend.send(
      'POST',
      `/import/${encodeURIComponent(vendor)}/apply`,
      request,
    );
  }
}
