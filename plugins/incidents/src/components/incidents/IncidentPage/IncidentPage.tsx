import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { incidentsApiRef } from '../../../api/incidents';
import {
  useIncidentAction,
  useIncidentsSignal,
  useRefresh,
} from '../../../hooks';
import { rootRouteRef } from '../../../routes';
import { AddNoteForm } from '../AddNoteForm';
import { IncidentAlerts } from '../../alerts/IncidentAlerts';
import { IncidentChanges } from '../IncidentChanges';
import { IncidentChatChannel } from '../IncidentChatChannel';
import { CommunicationsPanel } from '../../statusPage/CommunicationsPanel';
import { IncidentActions } from '../IncidentActions';
import { IncidentDetails } from '../IncidentDetails';
import { IncidentPagesSent } from '../../paging/IncidentPagesSent';
import { IncidentRoles } from '../IncidentRoles';
import { IncidentRunbooks } from '../../runbooks/IncidentRunbooks';
import { IncidentTimeline } from '../IncidentTimeline';
import { IncidentTriage } from '../../triage/IncidentTriage';
import { RecurrenceNotice } from '../../postmortems/RecurrenceNotice';
import { CustomerImpactPanel } from '../../support/CustomerImpactPanel';
import { WritePostmortemButton } from '../../postmortems/WritePostmortemButton';
import { DetailPage } from '../../shared/DetailPage';

/** One incident (`/incidents/:id`): its facts, roles and timeline, and the moves a responder makes. */
export function IncidentPage() {
  const { id = '' } = useParams();
  const incidentsApi = useApi(incidentsApiRef);
  const [version, refresh] = useRefresh();
  const {
    run,
    busy,
    error: actionError,
    clearError,
  } = useIncidentAction(refresh);
  useIncidentsSignal(refresh, signal => signal.incidentId === id);

  const { value, error } = useAsync(async () => {
    const [incident, timeline] = await Promise.all([
      incidentsApi.getIncident(id),
      incidentsApi.getTimeline(id),
    ]);
    return { requested: id, incident, timeline };
  }, [incidentsApi, id, version]);

  // A refetch keeps showing the last answer (a failed one does not); another incident's is not ours.
  if (!value || value.requested !== id) {
    return (
      <DetailPage title={id} type="Incidents" typeRoute={rootRouteRef}>
        {error ? <ResponseErrorPanel error={error} /> : <Progress />}
      </DetailPage>
    );
  }

  const { incident, timeline } = value;
  return (
    <DetailPage
      title={incident.title}
      subtitle={incident.id}
      type="Incidents"
      typeRoute={rootRouteRef}
    >
      {actionError && (
        <Alert severity="error" onClose={clearError}>
          {actionError}
        </Alert>
      )}
      <RecurrenceNotice incidentId={incident.id} />
      <IncidentActions incident={incident} run={run} busy={busy} />
      <Box mb={2}>
        <WritePostmortemButton incident={incident} />
      </Box>
      <Grid container spacing={3}>
        {/* what a responder needs first: the most probable cause and what to do next */}
        <Grid item xs={12}>
          <IncidentTriage incidentId={incident.id} revision={version} />
        </Grid>
        <Grid item xs={12} md={5}>
          <Box mb={3}>
            <IncidentDetails incident={incident} />
          </Box>
          <IncidentRoles incident={incident} run={run} busy={busy} />
          <Box mt={3}>
            <IncidentChatChannel incidentId={incident.id} revision={version} />
          </Box>
        </Grid>
        <Grid item xs={12} md={7}>
          <InfoCard title="Timeline">
            <IncidentTimeline events={timeline} />
            <AddNoteForm
              incidentId={incident.id}
              busy={busy}
              onAdd={markdown =>
                run(() => incidentsApi.addNote(incident.id, markdown))
              }
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <CustomerImpactPanel incidentId={incident.id} revision={version} />
        </Grid>
        <Grid item xs={12}>
          <IncidentPagesSent
            incident={incident}
            run={run}
            busy={busy}
            revision={version}
          />
        </Grid>
        <Grid item xs={12}>
          <IncidentRunbooks incidentId={incident.id} revision={version} />
        </Grid>
        <Grid item xs={12}>
          <IncidentAlerts incidentId={incident.id} />
        </Grid>
        <Grid item xs={12}>
          <IncidentChanges incidentId={incident.id} />
        </Grid>
        <Grid item xs={12}>
          <CommunicationsPanel incident={incident} revision={version} />
        </Grid>
      </Grid>
    </DetailPage>
  );
}
