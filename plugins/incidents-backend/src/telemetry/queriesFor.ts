import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_PROMETHEUS_ERROR_RATIO,
  ANNOTATION_PROMETHEUS_LATENCY,
  TelemetryMetric,
} from '@lookout/plugin-incidents-common';
import { PrometheusConfig } from './config';

const ANNOTATIONS: Record<TelemetryMetric, string> = {
  error_ratio: ANNOTATION_PROMETHEUS_ERROR_RATIO,
  latency: ANNOTATION_PROMETHEUS_LATENCY,
};

/**
 * The PromQL of each metric of an entity: its own annotation, else the configured template
 * filled with its name, namespace and kind. (The Backstage Prometheus plugins' `prometheus.io/rule`
 * lists queries to chart without saying what they measure, so it cannot tell errors from
 * latency; Lookout's annotations say it.)
 */
export function queriesFor(
  entity: Entity,
  config: Pick<PrometheusConfig, 'errorRatio' | 'latency'>,
): Array<{ metric: TelemetryMetric; query: string }> {
  const templates: Record<TelemetryMetric, string | undefined> = {
    error_ratio: config.errorRatio,
    latency: config.latency,
  };
  return (Object.keys(ANNOTATIONS) as TelemetryMetric[]).flatMap(metric => {
    const own = entity.metadata.annotations?.[ANNOTATIONS[metric]]?.trim();
    const template = templates[metric];
    if (own) return [{ metric, query: own }];
    if (!template) return [];
    return [{ metric, query: fill(template, entity) }];
  });
}

/** A template with the entity's name, namespace and kind in place of `{{name}}` and the rest. */
function fill(template: string, entity: Entity): string {
  const values: Record<string, string> = {
    name: entity.metadata.name,
    namespace: entity.metadata.namespace ?? 'default',
    kind: entity.kind.toLocaleLowerCase('en-US'),
  };
  // label values are quoted in PromQL: a name cannot break out of its string
  return template.replace(/\{\{\s*(name|namespace|kind)\s*\}\}/g, (_, key) =>
    values[key].replace(/[\\"]/g, c => `\\${c}`),
  );
}
