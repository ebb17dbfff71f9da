import { ReactNode } from 'react';
import { Content, Header, Page } from '@backstage/core-components';
import { RouteRef, SubRouteRef, useRouteRef } from '@backstage/core-plugin-api';

/**
 * The frame of one thing's own page (an incident, a postmortem): its title, and a link back
 * to the list it belongs to.
 */
export function DetailPage(props: {
  title: string;
  subtitle?: string;
  /** The list's name, shown above the title as a link to the list at `typeRoute`. */
  type: string;
  typeRoute: RouteRef<undefined> | SubRouteRef<undefined>;
  children: ReactNode;
}) {
  const typeLink = useRouteRef(props.typeRoute);
  return (
    <Page themeId="tool">
      <Header
        title={props.title}
        subtitle={props.subtitle}
        type={props.type}
        typeLink={typeLink()}
      />
      <Content>{props.children}</Content>
    </Page>
  );
}
