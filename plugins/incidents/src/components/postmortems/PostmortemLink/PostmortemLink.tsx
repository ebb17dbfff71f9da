import { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { postmortemRouteRef } from '../../../routes';

/** A link to a postmortem's page, labelled with its title unless told otherwise. */
export function PostmortemLink(props: { id: string; children: ReactNode }) {
  const postmortemRoute = useRouteRef(postmortemRouteRef);
  return (
    <Link to={postmortemRoute({ postmortemId: props.id })}>
      {props.children}
    </Link>
  );
}
