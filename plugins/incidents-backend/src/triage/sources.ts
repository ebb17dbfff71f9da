import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_HAS_MEMBER,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Alert,
  ANNOTATION_RUNBOOKS,
  BlastRadius,
  EscalationPolicy,
  EscalationTarget,
  ResolvedTarget,
} from '@lookout/plugin-incidents-common';

// The inputs the assistant reads from other domains, each as the small interface it needs.
// The real services satisfy them; tests pass fakes; when a domain is absent, the fallback
// here answers from the catalog alone.

/** What the assistant reads from the alert, change and graph domains. */
export interface TriageInputs {
  alerts: {
    listForIncident(
      incidentId: string,
      query: { limit?: number },
      credentials: BackstageCredentials,
    ): Promise<{ items: Alert[] }>;
    listForEntity(
      entityRef: string,
      query: { status?: 'firing' | 'resolved'; limit?: number },
    ): Promise<{ items: Alert[] }>;
  };
  changes: {
    forIncident(
      id: string,
      credentials: BackstageCredentials,
    ): Promise<{
      items: Array<{ entityRef: string | null; summary: string; at: string }>;
    }>;
    /** Follows change events as they are recorded, by the entity they were routed to. */
    onRecorded?(listener: (entityRef: string) => void): void;
  };
  graph: {
    blastRadius(
      request: {
        entityRef: string;
        direction?: 'upstream' | 'downstream';
        maxDepth?: number;
        limit?: number;
      },
      credentials: BackstageCredentials,
    ): Promise<BlastRadius>;
  };
}

/** Who answers for a group now (the on-call domain's `OnCallService`). */
export interface OnCallLookup {
  policyFor(target: {
    groupRef: string;
  }): Promise<{ groupRef: string; policy: EscalationPolicy }>;
  resolveTargets(
    ownerGroupRef: string,
    targets: EscalationTarget[],
    at: Date,
  ): Promise<ResolvedTarget[]>;
}

/** The runbooks of an entity (the runbooks domain's `RunbooksService`). */
export interface RunbookLookup {
  forEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Array<{ id: string; title: string; url: string | null }>>;
}

/** Postmortems of past incidents (the postmortems domain's `PostmortemsService`). */
export interface PostmortemLookup {
  /** Without credentials, every postmortem: background work reads as the plugin. */
  forIncidents(incidentIds: string[]): Promise<
    Array<{
      postmortem: {
        id: string;
        incidentId: string;
        title: string;
        rootCauseEntityRef: string | null;
      };
      text: string;
    }>
  >;
}

/** Who to call for a group: the people its escalation policy's first level reaches now. */
export async function firstResponders(
  oncall: OnCallLookup,
  groupRef: string,
  at: Date,
): Promise<ResolvedTarget[]> {
  const { groupRef: owner, policy } = await oncall.policyFor({ groupRef });
  const first = policy.levels[0];
  if (!first) return [];
  return oncall.resolveTargets(owner, first.targets, at);
}

/**
 * Without the on-call domain: the group's members from the catalog, each as a possible
 * responder (nobody knows who is on call, so nobody is preferred).
 */
export function catalogOnCall(
  catalog: CatalogService,
  credentials: () => Promise<BackstageCredentials>,
): OnCallLookup {
  return {
    async policyFor({ groupRef }) {
      return {
        groupRef,
        policy: {
          id: `catalog:${groupRef}`,
          name: `Members of ${groupRef}`,
          ownerRef: groupRef,
          levels: [
            { delayMinutes: 0, targets: [{ type: 'group_members', groupRef }] },
          ],
          repeat: 0,
          derived: true,
          version: 0,
        },
      };
    },
    async resolveTargets(_owner, targets) {
      const groups = targets.flatMap(t =>
        t.type === 'group_members' ? [t.groupRef] : [],
      );
      if (groups.length === 0) return [];
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: groups, fields: ['kind', 'metadata', 'relations'] },
        { credentials: await credentials() },
      );
      return items.flatMap((group, index) =>
        (group?.relations ?? [])
          .filter(r => r.type === RELATION_HAS_MEMBER)
          .map(r => ({
            userRef: r.targetRef.toLocaleLowerCase('en-US'),
            reason: `member of ${groups[index]} (no on-call schedule known)`,
          })),
      );
    },
  };
}

/** Without the runbooks domain: the locations the entity's `lookout.dev/runbooks` names. */
export function annotationRunbooks(catalog: CatalogService): RunbookLookup {
  return {
    async forEntity(entityRef, credentials) {
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      return entity ? runbooksOf(entity) : [];
    },
  };
}

export function runbooksOf(
  entity: Entity,
): Array<{ id: string; title: string; url: string | null }> {
  const value = entity.metadata.annotations?.[ANNOTATION_RUNBOOKS] ?? '';
  return value
    .split(',')
    .map(location => location.trim())
    .filter(Boolean)
    .map(location => ({
      id: `${stringifyEntityRef(entity)}#${location}`,
      title: location.slice(location.lastIndexOf('/') + 1).replace(/\.md$/, ''),
      url: location,
    }));
}
