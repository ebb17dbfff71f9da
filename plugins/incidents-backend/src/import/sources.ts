import { ImportVendor } from '@lookout/plugin-incidents-common';
import {
  PagerDutyClient,
  PAGERDUTY_API_URL,
} from './pagerduty/PagerDutyClient';
import { PagerDutySource } from './pagerduty/PagerDutySource';
import { SourceFactory } from './ImportService';
import { OpsgenieClient, OPSGENIE_API_URL } from './opsgenie/OpsgenieClient';
import { OpsgenieSource } from './opsgenie/OpsgenieSource';
import { RetryPolicy } from './vendorHttp';

/** The vendors' clients over the network; tests and the bench pass shorter waits. */
export function vendorSources(
  options: {
    retry?: RetryPolicy;
    sleep?: (ms: number) => Promise<void>;
  } = {},
): SourceFactory {
  return (vendor: ImportVendor, { token, apiUrl }) => {
    switch (vendor) {
      case 'pagerduty': {
        const url = apiUrl ?? PAGERDUTY_API_URL;
        return {
          apiUrl: url,
          source: new PagerDutySource(
            new PagerDutyClient({ token, apiUrl: url, ...options }),
            url,
          ),
        };
      }
      case 'opsgenie': {
        const url = apiUrl ?? OPSGENIE_API_URL;
        return {
          apiUrl: url,
          source: new OpsgenieSource(
            new OpsgenieClient({ apiKey: token, apiUrl: url, ...options }),
            url,
          ),
        };
      }
      default:
        throw new Error(`No importer for ${vendor}`);
    }
  };
}
