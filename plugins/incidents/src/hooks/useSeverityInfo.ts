import { configApiRef, useApi } from '@backstage/core-plugin-api';
import {
  DEFAULT_SEVERITY_INFO,
  SEVERITIES,
  Severity,
} from '@lookout/plugin-incidents-common';
import { useMemo } from 'react';

export type SeverityInfo = Record<
  Severity,
  { name: string; description: string }
>;

/** The severities' names and descriptions: the defaults, overridden by `incidents.severities`. */
export function useSeverityInfo(): SeverityInfo {
  const config = useApi(configApiRef);
  return useMemo(() => {
    const configured = config.getOptionalConfig('incidents.severities');
    return Object.fromEntries(
      SEVERITIES.map(code => {
        const own = configured?.getOptionalConfig(code);
        return [
          code,
          {
            name:
              own?.getOptionalString('name') ??
              DEFAULT_SEVERITY_INFO[code].name,
            description:
              own?.getOptionalString('description') ??
              DEFAULT_SEVERITY_INFO[code].description,
          },
        ];
      }),
    ) as SeverityInfo;
  }, [config]);
}
