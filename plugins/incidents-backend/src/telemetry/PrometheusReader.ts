import { PrometheusConfig } from './config';

/**
 * Reads range queries from Prometheus' HTTP API. It only reads: Lookout never writes to
 * Prometheus. Every call is bounded by the signal it is given.
 */
export class PrometheusReader {
  constructor(
    private readonly config: Pick<PrometheusConfig, 'baseUrl' | 'headers'>,
  ) {}

  /** The query's points over the range; several series are read as their worst (highest) value. */
  async range(
    query: string,
    range: { start: number; end: number; step: number },
    signal: AbortSignal,
  ): Promise<Array<[number, number]>> {
    const params = new URLSearchParams({
      query,
      start: String(range.start),
      end: String(range.end),
      step: String(range.step),
    });
    let response: Response;
    try {
      response = await fetch(
        `${this.config.baseUrl}/api/v1/query_range?${params}`,
        { headers: this.config.headers, signal },
      );
    } catch (error) {
      throw new Error(
        signal.aborted
          ? 'Prometheus did not answer in time'
          : `Prometheus could not be reached: ${
              (error as Error).cause ?? (error as Error).message
            }`,
      );
    }
    const body = (await response.json().catch(() => undefined)) as
      | {
          status?: string;
          error?: string;
          data?: { result?: Array<{ values?: Array<[number, string]> }> };
        }
      | undefined;
    if (!response.ok || body?.status !== 'success') {
      throw new Error(
        `Prometheus answered ${response.status}${
          body?.error ? `: ${body.error}` : ''
        }`,
      );
    }
    const worst = new Map<number, number>();
    for (const series of body.data?.result ?? []) {
      for (const [t, raw] of series.values ?? []) {
        const v = Number(raw);
        if (!Number.isFinite(v)) continue;
        worst.set(t, Math.max(worst.get(t) ?? -Infinity, v));
      }
    }
    return [...worst.entries()].sort((a, b) => a[0] - b[0]);
  }
}
