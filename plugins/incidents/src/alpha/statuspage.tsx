import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { StatusPageClient, statusPageApiRef } from '../api/statuspage';
import { statusPageRouteRef } from '../routes';
import { backendClientApi } from './backendClientApi';

// The status page's extensions for the new frontend system; alpha/plugin.tsx lists them.

export const statusPageRoute = convertLegacyRouteRef(statusPageRouteRef);

export const statusPageApi = backendClientApi(
  'statuspage',
  statusPageApiRef,
  StatusPageClient,
);
