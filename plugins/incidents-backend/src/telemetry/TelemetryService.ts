import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { TelemetrySeries } from '@lookout/plugin-incidents-common';
import { PrometheusConfig, readPrometheusConfig } from './config';
import { departureOf } from './departures';
import { PrometheusReader } from './PrometheusReader';
import { queriesFor } from './queriesFor';

/** Points per series: enough to see a step, small enough for a sparkline. */
const POINTS = 120;

/** What the metrics say around an onset, and what could not be read. */
export interface TelemetryReading {
  /** Series by entity ref (lowercased). */
  series: Map<string, TelemetrySeries[]>;
  /** One line per query that failed or was too slow; the others still count. */
  failures: string[];
}

/**
 * The metrics teams already keep in Prometheus, read around an incident's onset: for each
 * entity its error ratio and latency, and when each left its normal range. Prometheus is read,
 * never written; a slow or failing query is a failure in the reading, never an error.
 */
export class TelemetryService {
  private readonly reader: PrometheusReader;

  constructor(private readonly config: PrometheusConfig) {
    this.reader = new PrometheusReader(config);
  }

  /** From `incidents.telemetry.prometheus`; none when it is not configured. */
  static fromConfig(config: Config): TelemetryService | undefined {
    const prometheus = readPrometheusConfig(config);
    return prometheus && new TelemetryService(prometheus);
  }

  /** Each entity's series from `lookback` before the onset until now, all within `timeout`. */
  async around(
    entities: Entity[],
    onset: string,
    now: Date,
  ): Promise<TelemetryReading> {
    const onsetSeconds = Date.parse(onset) / 1000;
    const start = onsetSeconds - this.config.lookbackMs / 1000;
    const end = Math.max(
      onsetSeconds,
      Math.min(
        now.getTime() / 1000,
        onsetSeconds + this.config.lookbackMs / 1000,
      ),
    );
    const step = Math.max(1, Math.round((end - start) / POINTS));
    const signal = AbortSignal.timeout(this.config.timeoutMs);
    const series = new Map<string, TelemetrySeries[]>();
    const failures = new Set<string>();
    await Promise.all(
      entities.flatMap(entity => {
        const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
        return queriesFor(entity, this.config).map(
          async ({ metric, query }) => {
            try {
              const points = await this.reader.range(
                query,
                { start: Math.floor(start), end: Math.ceil(end), step },
                signal,
              );
              const { normalMax, departedAt } = departureOf(
                metric,
                points,
                onsetSeconds,
              );
              const list = series.get(ref) ?? [];
              list.push({
                metric,
                query,
                points,
                normalMax: Number.isFinite(normalMax) ? normalMax : 0,
                departedAt:
                  departedAt === null
                    ? null
                    : new Date(departedAt * 1000).toISOString(),
              });
              series.set(ref, list);
            } catch (error) {
              failures.add(
                error instanceof Error && signal.aborted
                  ? `Prometheus did not answer within ${this.config.timeoutMs} ms`
                  : String(error instanceof Error ? error.message : error),
              );
            }
          },
        );
      }),
    );
    return { series, failures: [...failures] };
  }
}
