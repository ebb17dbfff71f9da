import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';

/** Actors that are catalog entities; integrations and backend services are not. */
const ENTITY_ACTOR_KINDS = new Set(['user', 'group']);

/**
 * A user or group as a link to its catalog page. An integration (`integration:<id>`) or a
 * backend service (`service:plugin:incidents`) shows as words, since no page exists for it.
 */
export function Actor(props: { entityRef: string }) {
  const { entityRef } = props;
  if (entityRef.startsWith('integration:')) {
    return <>an alert integration</>;
  }
  if (entityRef.startsWith('service:')) {
    return <>Lookout</>;
  }
  try {
    // EntityRefLink builds its route from the ref alone, so the kind must be in it.
    const { kind } = parseEntityRef(entityRef);
    if (ENTITY_ACTOR_KINDS.has(kind.toLocaleLowerCase('en-US'))) {
      return <EntityRefLink entityRef={entityRef} defaultKind="user" />;
    }
  } catch {
    // not a ref at all: show it as it is
  }
  return <>{entityRef || 'someone'}</>;
}
