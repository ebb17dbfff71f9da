/**
 * What a triage could not read. Each source is read softly: when it fails, its failure is
 * named here and the triage goes on with what the other sources said.
 */
export class Gaps {
  readonly list: string[] = [];

  /** The work's result, or `fallback` and a gap named `what` when it fails. */
  async soft<T>(what: string, work: Promise<T>, fallback: T): Promise<T> {
    try {
      return await work;
    } catch (error) {
      this.list.push(
        `${what}: ${error instanceof Error ? error.message : error}`,
      );
      return fallback;
    }
  }
}
