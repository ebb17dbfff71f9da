import { incidentUpdatePermission } from '@lookout/plugin-incidents-common';
import { PermittedAction, PermittedActionProps } from './PermittedAction';

/**
 * An action that changes one incident (a note, a role, a page by hand, a public update from
 * it): gated, like the backend, on `incident.update` of that incident.
 */
export function IncidentUpdateAction(
  props: Omit<PermittedActionProps, 'permission' | 'resourceRef'> & {
    incidentId: string | undefined;
  },
) {
  const { incidentId, ...rest } = props;
  return (
    <PermittedAction
      {...rest}
      permission={incidentUpdatePermission}
      resourceRef={incidentId}
    />
  );
}
