import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ownerOf } from '../lib/entityRefs';

/** `incidents.alerts.routes`: alerts whose labels all equal `match` go to `entityRef`. */
export interface RouteRule {
  match: Record<string, string>;
  entityRef: string;
}

/** What routing looks at: the integration's own targets and the alert's labels. */
export interface RoutingSubject {
  labels: Record<string, string>;
  /** A ref the sender named explicitly. */
  entityRef?: string;
}

export interface RoutingTargets {
  entityRef: string | null;
  groupRef: string | null;
}

/** Where an alert went, with the owner that answers for it. */
export interface Route {
  entityRef: string;
  ownerRef: string | null;
}

/** The label that names a catalog entity outright. */
export const ENTITY_LABEL = 'backstage_entity';
/** Labels that name a component by its name (or ref), in this order. */
const COMPONENT_LABELS = ['component', 'service'];
const CHUNK = 1000;

/**
 * The refs an alert could go to, best first:
 * 1. the integration's entity;
 * 2. the ref the sender named (`entityRef` of the generic format, or the `backstage_entity`
 *    label), a full ref;
 * 3. the first configured route whose labels all match;
 * 4. the `component` label, then the `service` label, as a component name (or ref) in the
 *    default namespace;
 * 5. the integration's group, so a team's own sender still reaches that team.
 * The first one that is in the catalog wins; with none the alert goes to the unrouted inbox.
 */
export function routeCandidates(
  targets: RoutingTargets,
  subject: RoutingSubject,
  rules: RouteRule[],
): string[] {
  const refs: Array<string | undefined> = [
    targets.entityRef ?? undefined,
    toRef(subject.entityRef, {}),
    toRef(subject.labels[ENTITY_LABEL], {}),
    ...rules
      .filter(rule =>
        Object.entries(rule.match).every(
          ([label, value]) => subject.labels[label] === value,
        ),
      )
      .map(rule => toRef(rule.entityRef, {})),
    ...COMPONENT_LABELS.map(label =>
      toRef(subject.labels[label], { defaultKind: 'component' }),
    ),
    targets.groupRef ?? undefined,
  ];
  return [...new Set(refs.filter((r): r is string => Boolean(r)))];
}

/**
 * Routes alerts to catalog entities with one bulk catalog lookup per delivery, under the
 * plugin's own service credentials: senders are not Backstage users, and an alert must find
 * its entity whoever may see it.
 */
export class EntityRouter {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      rules: RouteRule[];
      /**
       * Where routing finds which refs are entities, and their owners: the catalog itself
       * unless given. The plugin gives its catalog graph, which answers from memory, so an
       * alert delivery costs the catalog nothing.
       */
      owners?: (refs: string[]) => Promise<Map<string, string | null>>;
    },
  ) {}

  async route(
    targets: RoutingTargets,
    subjects: RoutingSubject[],
  ): Promise<Array<Route | undefined>> {
    const candidates = subjects.map(subject =>
      routeCandidates(targets, subject, this.options.rules),
    );
    const refs = [...new Set(candidates.flat())];
    const found =
      refs.length === 0
        ? new Map<string, string | null>()
        : await this.ownersOf(refs);
    return candidates.map(candidate => {
      const ref = candidate.find(r => found.has(r));
      return ref ? { entityRef: ref, ownerRef: found.get(ref)! } : undefined;
    });
  }

  private async ownersOf(refs: string[]) {
    if (this.options.owners) return this.options.owners(refs);
    return this.lookup(
      refs,
      await this.options.auth.getOwnServiceCredentials(),
    );
  }

  /** A ref the caller routes an alert to by hand: it must be one the caller can see. */
  async describe(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Route | undefined> {
    const found = await this.lookup([entityRef], credentials);
    return found.has(entityRef)
      ? { entityRef, ownerRef: found.get(entityRef)! }
      : undefined;
  }

  /** The refs that are in the catalog, each with its owner. */
  private async lookup(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, string | null>> {
    const found = new Map<string, string | null>();
    for (let i = 0; i < refs.length; i += CHUNK) {
      const chunk = refs.slice(i, i + CHUNK);
      const { items } = await this.options.catalog.getEntitiesByRefs(
        {
          entityRefs: chunk,
          fields: ['kind', 'metadata.namespace', 'metadata.name', 'relations'],
        },
        { credentials },
      );
      chunk.forEach((ref, index) => {
        const entity = items[index];
        if (entity) found.set(ref, ownerOf(entity));
      });
    }
    return found;
  }
}

/** A lowercased full ref, or undefined for anything that is not one. */
function toRef(
  value: string | undefined,
  defaults: { defaultKind?: string },
): string | undefined {
  if (!value || value.length > 255) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), {
        defaultKind: defaults.defaultKind,
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}
