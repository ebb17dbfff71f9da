import { ServiceUnavailableError } from '@backstage/errors';

/** What a 503 of the graph's routes asks a client to wait before retrying. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Runs a request to a service the answer depends on (the catalog, the permission framework)
 * and turns its failure into ServiceUnavailableError: their trouble is a 503 with
 * `Retry-After` for our caller, never a 500 of ours.
 */
export async function unlessUnavailable<T>(
  service: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ServiceUnavailableError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ServiceUnavailableError(
      `${service} could not answer, retry in ${RETRY_AFTER_SECONDS} seconds: ${reason}`,
    );
  }
}
