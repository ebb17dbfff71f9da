import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { ImportClient, importApiRef } from '../api/import';
import { importRouteRef } from '../routes';
import { backendClientApi } from './backendClientApi';

// The importer's extensions for the new frontend system; alpha/plugin.tsx lists them.

/** Importing from PagerDuty or Opsgenie, under the On call tab. */
export const importRoute = convertLegacyRouteRef(importRouteRef);

export const importApi = backendClientApi('import', importApiRef, ImportClient);
