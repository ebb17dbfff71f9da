import {
  BlastRadius,
  BlastRadiusSummary,
} from '@lookout/plugin-incidents-common';

/** How many refs a summary keeps; a timeline event should stay a few kilobytes. */
export const SUMMARY_REFS = 50;

/**
 * The blast radius an incident had when declared, compact enough for a `blast_radius`
 * timeline event: the counts, the teams and systems, and the nearest refs. Pure; the caller
 * computes the radius with its own credentials (GraphService.blastRadius), so the summary
 * holds only what that caller may see.
 */
export function summarizeBlastRadius(
  radius: BlastRadius,
  options: { refs?: number } = {},
): BlastRadiusSummary {
  const byKind: Record<string, number> = {};
  for (const entity of radius.impacted) {
    byKind[entity.kind] = (byKind[entity.kind] ?? 0) + 1;
  }
  return {
    entityRef: radius.entityRef,
    direction: radius.direction,
    total: radius.total,
    hidden: radius.hidden,
    byKind,
    systems: radius.systems,
    owners: radius.owners,
    customerFacing: radius.customerFacing,
    cutoff: radius.cutoff,
    refs: radius.impacted
      .slice(0, options.refs ?? SUMMARY_REFS)
      .map(entity => entity.entityRef),
  };
}
