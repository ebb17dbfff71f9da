import { Route, Routes } from 'react-router-dom';
import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import { AlertInbox } from '../alerts/AlertInbox';
import { ImportPage } from '../import/ImportPage';
import { IncidentPage } from '../incidents/IncidentPage';
import { IncidentsPage } from '../incidents/IncidentsPage';
import { IntegrationsPage } from '../alerts/IntegrationsPage';
import { InsightsPage } from '../insights/InsightsPage';
import { MyPagesPage } from '../paging/MyPagesPage';
import { OnCallSchedulesPage } from '../oncall/OnCallSchedulesPage';
import { PostmortemEditor } from '../postmortems/PostmortemEditor';
import { PostmortemsPage } from '../postmortems/PostmortemsPage';
import { SchedulePage } from '../oncall/SchedulePage';
import { StatusPageAdmin } from '../statusPage/StatusPageAdmin';
import { SupportPage } from '../support/SupportPage';

/**
 * The global page: the list at its root, one incident at `/:id` (the path of `incidentRouteRef`),
 * and the alert views at the paths of `integrationsRouteRef` and `alertInboxRouteRef`; React
 * Router ranks these static paths above `/:id`, and incident ids never take their names.
 * The adapter scopes React Router to this page in the new frontend system and is a no-op in the
 * legacy one.
 */
export function Router() {
  return (
    <ReactRouterV6PageRouter>
      <Routes>
        <Route path="/" element={<IncidentsPage />} />
        <Route path="/integrations" element={<IntegrationsPage />} />
        <Route path="/unrouted" element={<AlertInbox />} />
        <Route path="/postmortems" element={<PostmortemsPage />} />
        <Route
          path="/postmortems/:postmortemId"
          element={<PostmortemEditor />}
        />
        <Route path="/oncall" element={<OnCallSchedulesPage />} />
        <Route path="/oncall/import" element={<ImportPage />} />
        <Route path="/pages" element={<MyPagesPage />} />
        <Route path="/status-page" element={<StatusPageAdmin />} />
        <Route path="/support" element={<SupportPage />} />
        <Route path="/insights" element={<InsightsPage />} />
        <Route
          path="/oncall/schedules/:scheduleId"
          element={<SchedulePage />}
        />
        <Route path="/:id" element={<IncidentPage />} />
      </Routes>
    </ReactRouterV6PageRouter>
  );
}
