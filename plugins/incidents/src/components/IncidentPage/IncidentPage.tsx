import { ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { incidentsApiRef } from '../../api';
import { useIncidentAction, useIncidentsSignal, useRefresh } from '../../hooks';
import { rootRouteRef } from '../../routes';
import { AddNoteForm } from '../AddNoteForm';
import { IncidentAlerts } from '../IncidentAlerts';
import { IncidentChanges } from '../IncidentChanges';
import { IncidentActions } from '../IncidentActions';
import { IncidentDetails } from '../IncidentDetails';
import { IncidentRoles } from '../IncidentRoles';
import { IncidentTimeline } from '../IncidentTimeline';

function Frame(props: {
  title: string;
  subtitle?: string;
  children: ReactNode;
}) {
  const incidentsRoute = useRouteRef(rootRouteRef);
  return (
    <Page themeId="tool">
      <Header
        title={props.title}
        subtitle={props.subtitle}
        type="Incidents"
        typeLink={incidentsRoute()}
      />
      <Content>{props.children}</Content>
    </Page>
  );
}

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
      <Frame title={id}>
        {error ? <ResponseErrorPanel error={error} /> : <Progress />}
      </Frame>
    );
  }

  const { incident, timeline } = value;
  return (
    <Frame title={incident.title} subtitle={incident.id}>
      {actionError && (
        <Alert severity="error" onClose={clearError}>
          {actionError}
        </Alert>
      )}
      <IncidentActions incident={incident} run={run} busy={busy} />
      <Grid container spacing={3}>
        <Grid item xs={12} md={5}>
          <Box mb={3}>
            <IncidentDetails incident={incident} />
          </Box>
          <IncidentRoles incident={incident} run={run} busy={busy} />
        </Grid>
        <Grid item xs={12} md={7}>
          <InfoCard title="Timeline">
            <IncidentTimeline events={timeline} />
            <AddNoteForm
              busy={busy}
              onAdd={markdown =>
                run(() => incidentsApi.addNote(incident.id, markdown))
              }
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <IncidentAlerts incidentId={incident.id} />
        </Grid>
        <Grid item xs={12}>
          <IncidentChanges incidentId={incident.id} />
        </Grid>
      </Grid>
    </Frame>
  );
}
