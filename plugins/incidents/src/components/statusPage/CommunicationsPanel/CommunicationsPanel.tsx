import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Incident,
  PublicIncidentStatus,
} from '@lookout/plugin-incidents-common';
import { errorMessage } from '../../../api';
import { statusPageApiRef } from '../../../api/statuspage';
import { useAction, useRefresh } from '../../../hooks';
import { DeliveryCoverage } from './DeliveryCoverage';
import { ComposedUpdate, StatusUpdateComposer } from './StatusUpdateComposer';

/**
 * Customer communication for one incident: a public update drafted from the incident (its
 * affected status components, status and a template), published from here, the updates so far
 * and how many subscribers each reached.
 */
export function CommunicationsPanel(props: {
  incident: Incident;
  revision?: number;
}) {
  const { incident } = props;
  const statusPageApi = useApi(statusPageApiRef);
  const [version, refresh] = useRefresh();
  const { run, busy, error: actionError } = useAction(refresh);

  const { value, error } = useAsync(async () => {
    const [draft, published, components, pageUrl] = await Promise.all([
      statusPageApi.getDraft(incident.id),
      statusPageApi.listIncidents({ incidentId: incident.id }),
      statusPageApi.listComponents(),
      statusPageApi.publicPageUrl(),
    ]);
    return { draft, published, components, pageUrl };
  }, [statusPageApi, incident.id, props.revision, version]);

  if (error) {
    return (
      <InfoCard title="Customer communication">
        <Typography color="textSecondary">
          The status page cannot be reached from here: {errorMessage(error)}
        </Typography>
      </InfoCard>
    );
  }
  if (!value) {
    return (
      <InfoCard title="Customer communication">
        <Progress />
      </InfoCard>
    );
  }

  const { draft, published, components, pageUrl } = value;
  const current = published.find(p => p.id === draft.publicIncidentId);
  const submit = (update: ComposedUpdate) =>
    run(async () => {
      if (current) {
        await statusPageApi.postUpdate(current.id, {
          status: update.status,
          body: update.body,
          componentIds: update.componentIds,
        });
      } else {
        await statusPageApi.publish({
          incidentId: incident.id,
          name: update.name,
          status: update.status as PublicIncidentStatus,
          impact: draft.impact,
          body: update.body,
          componentIds: update.componentIds,
        });
      }
    });

  return (
    <InfoCard
      title="Customer communication"
      subheader={
        current
          ? `Published on the status page as “${current.name}” (${current.status})`
          : 'Not on the status page yet'
      }
    >
      {actionError && (
        <Box mb={2}>
          <Alert severity="error">{actionError}</Alert>
        </Box>
      )}
      <StatusUpdateComposer
        // a new draft (after publishing, or when the incident moved) starts the form afresh
        key={`${current?.id ?? 'new'}-${current?.updates.length ?? 0}-${
          draft.status
        }`}
        initial={{
          name: current?.name ?? draft.name,
          status: draft.status,
          body: draft.body,
          componentIds: current?.componentIds ?? draft.componentIds,
        }}
        components={components}
        incidentId={incident.id}
        nameEditable={!current}
        submitLabel={current ? 'Post update' : 'Publish to status page'}
        busy={busy}
        onSubmit={submit}
        onTemplate={async status =>
          (
            await statusPageApi.getDraft(
              incident.id,
              status as PublicIncidentStatus,
            )
          ).body
        }
      />
      {current && (
        <Box mt={3}>
          <Typography variant="h6" component="h3">
            Delivery coverage
          </Typography>
          <DeliveryCoverage publicIncidentId={current.id} revision={version} />
        </Box>
      )}
      <Box mt={2}>
        <Link href={pageUrl} target="_blank" rel="noopener">
          Open the public status page
        </Link>
      </Box>
    </InfoCard>
  );
}
