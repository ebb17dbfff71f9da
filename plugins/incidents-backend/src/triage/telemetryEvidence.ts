import { TelemetrySeries } from '@lookout/plugin-incidents-common';
import { TelemetryService } from '../telemetry/TelemetryService';
import { Evidence } from './evidence';
import { Gaps } from './gaps';

/** Entities whose metrics are read: the origin and the nearest upstream candidates. */
const MAX_ENTITIES = 16;
const MEASURED_KINDS = new Set(['component', 'resource']);

/**
 * The metrics of the origin and its upstream candidates around the onset. Prometheus slow,
 * down or refusing a query is a gap naming it; the triage goes on without those series.
 */
export async function readTelemetry(
  telemetry: Pick<TelemetryService, 'around'> | undefined,
  origin: string,
  evidence: Evidence,
  onset: string,
  now: Date,
  gaps: Gaps,
): Promise<Map<string, TelemetrySeries[]>> {
  if (!telemetry) return new Map();
  const refs = [
    origin,
    ...evidence.upstream.impacted
      .filter(e => MEASURED_KINDS.has(e.kind))
      .map(e => e.entityRef),
  ].slice(0, MAX_ENTITIES);
  const entities = refs.flatMap(ref => {
    const entity = evidence.entities.get(ref);
    return entity ? [entity] : [];
  });
  if (entities.length === 0) return new Map();
  const reading = await gaps.soft(
    'telemetry',
    telemetry.around(entities, onset, now),
    { series: new Map(), failures: [] },
  );
  for (const failure of reading.failures) {
    gaps.list.push(`telemetry: ${failure}`);
  }
  return reading.series;
}
