/*
 * Scores triage answers against the scenarios' labels. It shares no code with the assistant:
 * it compares lists of entity refs, severities and past-incident keys, nothing more.
 */

export interface Judged {
  truth: { cause: string; severity: string; similar: string[] };
  /** Probable causes, best first; the severity; similar past incidents (keys), best first. */
  answer: { causes: string[]; severity: string; similar: string[] };
  /** For breakdowns: the cause's distance, the scenario's story. */
  tags: Record<string, string | number>;
}

export interface Scores {
  scenarios: number;
  top1: number;
  top3: number;
  severity: number;
  precisionAt3: number;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function score(judged: Judged[]): Scores {
  const n = judged.length || 1;
  const count = (hit: (j: Judged) => boolean) => judged.filter(hit).length / n;
  return {
    scenarios: judged.length,
    top1: round(count(j => j.answer.causes[0] === j.truth.cause)),
    top3: round(
      count(j => j.answer.causes.slice(0, 3).includes(j.truth.cause)),
    ),
    severity: round(count(j => j.answer.severity === j.truth.severity)),
    // precision at 3: relevant among the first three shown, over three (every scenario has
    // at least three relevant past incidents, so 1 is reachable)
    precisionAt3: round(
      judged.reduce(
        (sum, j) =>
          sum +
          j.answer.similar.slice(0, 3).filter(k => j.truth.similar.includes(k))
            .length /
            3,
        0,
      ) / n,
    ),
  };
}

/** Top-1 accuracy per value of a tag (cause distance, story). */
export function top1By(judged: Judged[], tag: string): Record<string, string> {
  const groups = new Map<string, Judged[]>();
  for (const j of judged) {
    const key = String(j.tags[tag]);
    groups.set(key, [...(groups.get(key) ?? []), j]);
  }
  return Object.fromEntries(
    [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, items]) => [
        key,
        `${items.filter(j => j.answer.causes[0] === j.truth.cause).length}/${
          items.length
        }`,
      ]),
  );
}
