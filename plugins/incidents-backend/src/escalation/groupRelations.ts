import {
  Entity,
  parseEntityRef,
  RELATION_CHILD_OF,
  RELATION_HAS_MEMBER,
} from '@backstage/catalog-model';

/** The group's parent, whose on-call a `parent_oncall` target pages. */
export function parentOf(group: Entity): string | undefined {
  return group.relations
    ?.find(r => r.type === RELATION_CHILD_OF)
    ?.targetRef.toLocaleLowerCase('en-US');
}

/** The group's members, for a `group_members` target. */
export function membersOf(group: Entity | undefined): string[] {
  return (group?.relations ?? [])
    .filter(r => r.type === RELATION_HAS_MEMBER)
    .map(r => r.targetRef.toLocaleLowerCase('en-US'))
    .sort();
}

/** How a person or group is named to people: profile, title, else the ref's name. */
export function displayName(entity: Entity | undefined, ref: string): string {
  const profile = entity?.spec?.profile as { displayName?: string } | undefined;
  return (
    profile?.displayName ?? entity?.metadata.title ?? parseEntityRef(ref).name
  );
}
