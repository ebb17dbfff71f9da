import { Route, Routes } from 'react-router-dom';
import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import { AlertInbox } from '../AlertInbox';
import { IncidentPage } from '../IncidentPage';
import { IncidentsPage } from '../IncidentsPage';
import { IntegrationsPage } from '../IntegrationsPage';
import { MyPagesPage } from '../MyPagesPage';
import { OnCallSchedulesPage } from '../OnCallSchedulesPage';
import { PostmortemEditor } from '../PostmortemEditor';
import { PostmortemsPage } from '../PostmortemsPage';
import { SchedulePage } from '../SchedulePage';
import { StatusPageAdmin } from '../StatusPageAdmin';

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
        <Route path="/pages" element={<MyPagesPage />} />
        <Route path="/status-page" element={<StatusPageAdmin />} />
        <Route
          path="/oncall/schedules/:scheduleId"
          element={<SchedulePage />}
        />
        <Route path="/:id" element={<IncidentPage />} />
      </Routes>
    </ReactRouterV6PageRouter>
  );
}
