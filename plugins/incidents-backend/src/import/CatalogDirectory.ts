import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ImportPlanObject } from '@lookout/plugin-incidents-common';

/** The annotation the PagerDuty Backstage plugin puts on a service's entity. */
export const PAGERDUTY_SERVICE_ANNOTATION = 'pagerduty.com/service-id';
/** A Group that stands for a PagerDuty team, when names differ. */
export const PAGERDUTY_TEAM_ANNOTATION = 'pagerduty.com/team-id';
/** A Group that stands for an Opsgenie team (its name), as the Opsgenie plugin reads it. */
export const OPSGENIE_TEAM_ANNOTATION = 'opsgenie.com/team';

/** A vendor's user, team or service in the plan: matched to `target`, or skipped and why. */
export function directoryEntry(
  kind: ImportPlanObject['kind'],
  vendorId: string,
  name: string,
  target: string | undefined,
  missing: string,
): ImportPlanObject {
  return target
    ? {
        kind,
        vendorId,
        name,
        action: 'matched',
        target,
        exact: true,
        notExact: [],
      }
    : {
        kind,
        vendorId,
        name,
        action: 'skip',
        reason: missing,
        exact: false,
        notExact: [],
      };
}

const FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.annotations',
  'spec.profile',
  'spec.owner',
  'relations',
];

/** A name as catalog names are usually made from it: "Checkout Team" → "checkout-team". */
export function slug(name: string): string {
  return name
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const lower = (value: unknown) =>
  typeof value === 'string' ? value.toLocaleLowerCase('en-US') : undefined;

/**
 * The catalog as one import sees it: User entities by e-mail, Groups by name, title, display
 * name or a vendor annotation, and service entities by annotation or name. Read once per run
 * with the caller's credentials, so nothing the caller cannot see is matched.
 */
export class CatalogDirectory {
  private constructor(private readonly entities: Entity[]) {}

  static async read(
    catalog: CatalogService,
    credentials: BackstageCredentials,
  ): Promise<CatalogDirectory> {
    const { items } = await catalog.getEntities(
      {
        filter: [
          { kind: 'User' },
          { kind: 'Group' },
          { kind: 'Component' },
          { kind: 'System' },
        ],
        fields: FIELDS,
      },
      { credentials },
    );
    return new CatalogDirectory(items);
  }

  static of(entities: Entity[]): CatalogDirectory {
    return new CatalogDirectory(entities);
  }

  /** The User entity ref with this e-mail (case-insensitive). */
  userByEmail(email: string | undefined): string | undefined {
    const wanted = lower(email);
    if (!wanted) return undefined;
    const found = this.ofKind('user').find(
      e => lower((e.spec?.profile as { email?: string })?.email) === wanted,
    );
    return found && ref(found);
  }

  /**
   * A vendor's users matched by e-mail: their plan entries, the User entity of each vendor id
   * that has one, and every vendor id's e-mail (to name the ones the catalog lacks).
   */
  matchUsers(users: Array<{ id: string; email: string; label: string }>) {
    const entries: ImportPlanObject[] = [];
    const refs = new Map<string, string>();
    const emails = new Map<string, string>();
    for (const user of users) {
      emails.set(user.id, user.email);
      const found = this.userByEmail(user.email);
      if (found) refs.set(user.id, found);
      entries.push(
        directoryEntry(
          'user',
          user.id,
          user.label,
          found,
          `no User entity has the e-mail ${user.email}`,
        ),
      );
    }
    return { entries, refs, emails };
  }

  /** A vendor's teams matched to Groups ({@link group}): plan entries and Group by vendor id. */
  matchTeams(
    teams: Array<{ id: string; name: string }>,
    annotation: string,
    annotationValue: (team: { id: string; name: string }) => string,
  ) {
    const entries: ImportPlanObject[] = [];
    const refs = new Map<string, string>();
    for (const team of teams) {
      const value = annotationValue(team);
      const found = this.group({
        id: team.id,
        name: team.name,
        annotation,
        annotationValue: value,
      });
      if (found) refs.set(team.id, found);
      entries.push(
        directoryEntry(
          'team',
          team.id,
          team.name,
          found,
          `no Group is named "${team.name}" or has ${annotation}: ${value}`,
        ),
      );
    }
    return { entries, refs };
  }

  /** The Group for a vendor team: by annotation, then name, title or display name. */
  group(team: {
    id: string;
    name: string;
    annotation: string;
    annotationValue: string;
  }): string | undefined {
    const groups = this.ofKind('group');
    const byAnnotation = groups.find(
      g => g.metadata.annotations?.[team.annotation] === team.annotationValue,
    );
    if (byAnnotation) return ref(byAnnotation);
    const wanted = slug(team.name);
    const found = groups.find(
      g =>
        g.metadata.name.toLocaleLowerCase('en-US') === wanted ||
        slug(g.metadata.title ?? '') === wanted ||
        slug(
          (g.spec?.profile as { displayName?: string })?.displayName ?? '',
        ) === wanted,
    );
    return found && ref(found);
  }

  /** The entity of a PagerDuty service: by `pagerduty.com/service-id`, else by name. */
  service(service: {
    id: string;
    name: string;
  }): { entityRef: string; ownerRef?: string } | undefined {
    const candidates = [...this.ofKind('component'), ...this.ofKind('system')];
    const found =
      candidates.find(
        e =>
          e.metadata.annotations?.[PAGERDUTY_SERVICE_ANNOTATION] === service.id,
      ) ??
      candidates.find(
        e => e.metadata.name.toLocaleLowerCase('en-US') === slug(service.name),
      );
    if (!found) return undefined;
    const owner = found.relations?.find(r => r.type === RELATION_OWNED_BY);
    return {
      entityRef: ref(found),
      ...(owner?.targetRef?.startsWith('group:')
        ? { ownerRef: owner.targetRef.toLocaleLowerCase('en-US') }
        : {}),
    };
  }

  private ofKind(kind: string): Entity[] {
    return this.entities.filter(
      e => e.kind.toLocaleLowerCase('en-US') === kind,
    );
  }
}

function ref(entity: Entity): string {
  return stringifyEntityRef(entity).toLocaleLowerCase('en-US');
}
