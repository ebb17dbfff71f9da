import {
  BlastRadius,
  impactPath,
  ImpactRelation,
} from '@lookout/plugin-incidents-common';
import { IMPACT_RELATION_LABELS } from '../ImpactPath';

/** More nodes than this and dagre's layout gets slow and the picture unreadable. */
export const MAX_GRAPH_NODES = 200;

/** Below this many nodes every edge is labelled with its relation; above, labels are noise. */
const MAX_LABELLED_NODES = 40;

export interface BlastRadiusNodeData {
  /** The entity ref; undefined for a hop through an entity the reader may not see. */
  entityRef?: string;
  /** Hops from the root; the root is 0. */
  distance: number;
  customerFacing: boolean;
}

export interface BlastRadiusEdgeData {
  relation: ImpactRelation;
}

export interface BlastRadiusGraphModel {
  nodes: Array<BlastRadiusNodeData & { id: string }>;
  edges: Array<
    BlastRadiusEdgeData & { from: string; to: string; label?: string }
  >;
  /** Listed entities left out of the picture (they are still in the table). */
  omitted: number;
}

/**
 * The root and the nearest impacted entities as nodes, and every hop of their paths (rebuilt
 * from each entry's `via` with `impactPath`) as edges.
 * The backend lists entities nearest first, so the first `maxNodes` are the nearest, and every
 * entity on their paths is nearer still and already in. A hop through an entity the reader may
 * not see becomes an anonymous node, one per (previous node, relation), so the path stays whole.
 */
export function toGraphModel(
  blastRadius: BlastRadius,
  maxNodes: number = MAX_GRAPH_NODES,
): BlastRadiusGraphModel {
  const root = blastRadius.entityRef;
  const shown = blastRadius.impacted.slice(0, maxNodes);
  const nodes = new Map<string, BlastRadiusNodeData & { id: string }>([
    [
      root,
      {
        id: root,
        entityRef: root,
        distance: 0,
        customerFacing: blastRadius.customerFacing.includes(root),
      },
    ],
  ]);
  for (const entity of shown) {
    nodes.set(entity.entityRef, {
      id: entity.entityRef,
      entityRef: entity.entityRef,
      distance: entity.distance,
      customerFacing: entity.customerFacing,
    });
  }

  const edges = new Map<string, BlastRadiusGraphModel['edges'][number]>();
  shown.forEach((_, entry) => {
    let previous = root;
    impactPath(blastRadius, entry).forEach((step, index) => {
      const id = step.entityRef ?? `hidden:${previous}:${step.relation}`;
      if (!nodes.has(id)) {
        nodes.set(id, {
          id,
          entityRef: step.entityRef ?? undefined,
          distance: index + 1,
          customerFacing: false,
        });
      }
      edges.set(`${previous}\n${id}`, {
        from: previous,
        to: id,
        relation: step.relation,
      });
      previous = id;
    });
  });

  const labelled = nodes.size <= MAX_LABELLED_NODES;
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()].map(edge =>
      labelled
        ? { ...edge, label: IMPACT_RELATION_LABELS[edge.relation] }
        : edge,
    ),
    omitted: blastRadius.impacted.length - shown.length,
  };
}
