import { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { incidentRouteRef } from '../../../routes';

/** A link to an incident's page, labelled with its id unless told otherwise. */
export function IncidentLink(props: { id: string; children?: ReactNode }) {
  const incidentRoute = useRouteRef(incidentRouteRef);
  return (
    <Link to={incidentRoute({ id: props.id })}>
      {props.children ?? props.id}
    </Link>
  );
}
