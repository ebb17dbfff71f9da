import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { useIntegrationNames } from '../../../hooks';

/** Actors that are catalog entities; integrations and backend services are not. */
const ENTITY_ACTOR_KINDS = new Set(['user', 'group']);

const INTEGRATION_PREFIX = 'integration:';

/** An alert integration by its name, so responders see which sender acted. */
function IntegrationActor(props: { id: string }) {
  const name = useIntegrationNames().get(props.id);
  return <>{name ? `the ${name} integration` : 'an alert integration'}</>;
}

/**
 * A user or group as a link to its catalog page. An integration (`integration:<id>`) or a
 * backend service (`service:plugin:incidents`) shows as words, since no page exists for it.
 */
export function Actor(props: { entityRef: string }) {
  const { entityRef } = props;
  if (entityRef.startsWith(INTEGRATION_PREFIX)) {
    return <IntegrationActor id={entityRef.slice(INTEGRATION_PREFIX.length)} />;
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
