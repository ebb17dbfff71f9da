import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

export interface PrometheusConfig {
  baseUrl: string;
  /** How long one triage waits for Prometheus before it names a gap and goes on. */
  timeoutMs: number;
  /** How far before the incident's onset the series are read. */
  lookbackMs: number;
  /** PromQL templates per metric; `{{name}}`, `{{namespace}}` and `{{kind}}` are the entity's. */
  errorRatio?: string;
  latency?: string;
  headers: Record<string, string>;
}

const duration = (config: Config, key: string, fallback: number) =>
  config.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : fallback;

/** `incidents.telemetry.prometheus`: absent, triage reads no telemetry. */
export function readPrometheusConfig(
  config: Config,
): PrometheusConfig | undefined {
  const prometheus = config.getOptionalConfig('incidents.telemetry.prometheus');
  if (!prometheus || prometheus.getOptionalBoolean('enabled') === false) {
    return undefined;
  }
  const headers = prometheus.getOptionalConfig('headers');
  return {
    baseUrl: prometheus.getString('baseUrl').replace(/\/+$/, ''),
    timeoutMs: duration(prometheus, 'timeout', 2_000),
    lookbackMs: duration(prometheus, 'lookback', 2 * 60 * 60_000),
    errorRatio: prometheus.getOptionalString('errorRatio'),
    latency: prometheus.getOptionalString('latency'),
    headers: Object.fromEntries(
      (headers?.keys() ?? []).map(k => [k, headers!.getString(k)]),
    ),
  };
}
