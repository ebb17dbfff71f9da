import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { Content, Header, Link, Page } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  alertInboxRouteRef,
  integrationsRouteRef,
  myPagesRouteRef,
  oncallRouteRef,
  postmortemsRouteRef,
  rootRouteRef,
  statusPageRouteRef,
  supportRouteRef,
  insightsRouteRef,
} from '../../../routes';

export type IncidentsTab =
  | 'incidents'
  | 'postmortems'
  | 'oncall'
  | 'pages'
  | 'integrations'
  | 'unrouted'
  | 'statuspage'
  | 'support'
  | 'insights';

/**
 * The global Incidents page's frame: one header, and tabs that are plain links, so each view has
 * its own URL and the browser's back button works.
 */
export function IncidentsLayout(props: {
  selected: IncidentsTab;
  subtitle: string;
  children: ReactNode;
}) {
  const tabs: Array<[IncidentsTab, string, string]> = [
    ['incidents', 'Incidents', useRouteRef(rootRouteRef)()],
    ['postmortems', 'Postmortems', useRouteRef(postmortemsRouteRef)()],
    ['oncall', 'On call', useRouteRef(oncallRouteRef)()],
    ['pages', 'My pages', useRouteRef(myPagesRouteRef)()],
    ['integrations', 'Integrations', useRouteRef(integrationsRouteRef)()],
    ['unrouted', 'Unrouted', useRouteRef(alertInboxRouteRef)()],
    ['statuspage', 'Status page', useRouteRef(statusPageRouteRef)()],
    ['support', 'Support', useRouteRef(supportRouteRef)()],
    ['insights', 'Insights', useRouteRef(insightsRouteRef)()],
  ];
  return (
    <Page themeId="tool">
      <Header title="Incidents" subtitle={props.subtitle} />
      <Content>
        <Box mb={2}>
          <Tabs
            value={props.selected}
            indicatorColor="primary"
            aria-label="Incidents views"
          >
            {tabs.map(([value, label, to]) => (
              <Tab
                key={value}
                value={value}
                label={label}
                component={Link}
                to={to}
              />
            ))}
          </Tabs>
        </Box>
        {props.children}
      </Content>
    </Page>
  );
}
