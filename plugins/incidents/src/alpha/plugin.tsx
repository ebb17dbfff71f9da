import {
  PageBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import WhatshotIcon from '@material-ui/icons/Whatshot';
import { IncidentsClient, incidentsApiRef } from '../api/incidents';
import { TriageClient, triageApiRef } from '../api/triage';
import { oncallApi, oncallCard, oncallRoute, scheduleRoute } from './oncall';
import {
  entityPostmortemsContent,
  postmortemRoute,
  postmortemsApi,
  postmortemsRoute,
  relatedPostmortemsCard,
  teamActionItemsCard,
} from './postmortems';
import {
  entityRunbooksContent,
  runbookSearchResultListItem,
  runbookSearchResultType,
  runbooksApi,
} from './runbooks';
import { statusPageApi, statusPageRoute } from './statuspage';
import { supportApi, supportCard, supportRoute } from './support';
import { importApi, importRoute } from './import';
import {
  entityInsightsContent,
  insightsApi,
  insightsCard,
  insightsRoute,
} from './insights';
import {
  isAlertsAvailable,
  isBlastRadiusAvailable,
  isIncidentsAvailable,
  isLiveStatusAvailable,
  isTeamIncidentsAvailable,
} from '../conditions';
import { PagingClient, pagingApiRef } from '../api/paging';
import {
  alertInboxRouteRef,
  incidentRouteRef,
  integrationsRouteRef,
  rootRouteRef,
} from '../routes';
import { backendClientApi } from './backendClientApi';

// One set of route refs serves both systems: converting mutates the legacy refs in place, so
// components that call `useRouteRef(incidentRouteRef)` resolve in either app.
const rootRoute = convertLegacyRouteRef(rootRouteRef);
const incidentRoute = convertLegacyRouteRef(incidentRouteRef);
const integrationsRoute = convertLegacyRouteRef(integrationsRouteRef);
const alertInboxRoute = convertLegacyRouteRef(alertInboxRouteRef);

const incidentsApi = backendClientApi(
  undefined,
  incidentsApiRef,
  IncidentsClient,
);

const pagingApi = backendClientApi('escalation', pagingApiRef, PagingClient);

const triageApi = backendClientApi('triage', triageApiRef, TriageClient);

/** The global page; its title and icon also make its entry in the app's navigation. */
const incidentsPage = PageBlueprint.make({
  params: {
    path: '/incidents',
    title: 'Incidents',
    icon: <WhatshotIcon fontSize="inherit" />,
    routeRef: rootRoute,
    // The page draws its own header (it is shared with the legacy system); avoid a second one.
    noHeader: true,
    loader: () => import('../components/Router').then(m => <m.Router />),
  },
});

const entityIncidentsContent = EntityContentBlueprint.make({
  params: {
    path: '/incidents',
    title: 'Incidents',
    filter: isIncidentsAvailable,
    loader: () =>
      import('../components/incidents/EntityIncidentsContent').then(m => (
        <m.EntityIncidentsContent />
      )),
  },
});

const teamIncidentsCard = EntityCardBlueprint.make({
  name: 'team',
  params: {
    // beside the team's profile, where a team lead sees it without scrolling
    type: 'info',
    filter: isTeamIncidentsAvailable,
    loader: () =>
      import('../components/incidents/TeamIncidentsCard').then(m => (
        <m.TeamIncidentsCard />
      )),
  },
});

const entityBlastRadiusContent = EntityContentBlueprint.make({
  name: 'blast-radius',
  params: {
    path: '/blast-radius',
    title: 'Blast radius',
    filter: isBlastRadiusAvailable,
    loader: () =>
      import('../components/blastRadius/EntityBlastRadiusContent').then(m => (
        <m.EntityBlastRadiusContent />
      )),
  },
});

const entityAlertsContent = EntityContentBlueprint.make({
  name: 'alerts',
  params: {
    path: '/alerts',
    title: 'Alerts',
    filter: isAlertsAvailable,
    loader: () =>
      import('../components/alerts/EntityAlertsContent').then(m => (
        <m.EntityAlertsContent />
      )),
  },
});

const liveStatusCard = EntityCardBlueprint.make({
  name: 'live-status',
  params: {
    // a status is read at a glance, beside the entity's About card
    type: 'info',
    filter: isLiveStatusAvailable,
    loader: () =>
      import('../components/blastRadius/EntityLiveStatusCard').then(m => (
        <m.EntityLiveStatusCard />
      )),
  },
});

/** @alpha */
export default createFrontendPlugin({
  pluginId: 'incidents',
  title: 'Incidents',
  icon: <WhatshotIcon fontSize="inherit" />,
  info: { packageJson: () => import('../../package.json') },
  routes: {
    root: rootRoute,
    incident: incidentRoute,
    integrations: integrationsRoute,
    alertInbox: alertInboxRoute,
    postmortems: postmortemsRoute,
    postmortem: postmortemRoute,
    oncall: oncallRoute,
    schedule: scheduleRoute,
    statusPage: statusPageRoute,
    support: supportRoute,
    insights: insightsRoute,
    import: importRoute,
  },
  // Info cards stack beside the About card in this order, in a column that scrolls on its
  // own: what is wrong now and the team's incidents come first, then whom to call.
  extensions: [
    liveStatusCard,
    teamIncidentsCard,
    teamActionItemsCard,
    oncallCard,
    incidentsApi,
    triageApi,
    oncallApi,
    pagingApi,
    incidentsPage,
    entityIncidentsContent,
    entityBlastRadiusContent,
    entityAlertsContent,
    postmortemsApi,
    entityPostmortemsContent,
    relatedPostmortemsCard,
    runbooksApi,
    entityRunbooksContent,
    runbookSearchResultListItem,
    runbookSearchResultType,
    statusPageApi,
    supportApi,
    supportCard,
    insightsApi,
    entityInsightsContent,
    insightsCard,
    importApi,
  ],
});
