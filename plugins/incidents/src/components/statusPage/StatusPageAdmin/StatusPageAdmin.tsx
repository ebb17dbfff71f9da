import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  PublicIncidentStatus,
  statusPageManagePermission,
} from '@lookout/plugin-incidents-common';
import { statusPageApiRef } from '../../../api/statuspage';
import { useActionPermission, useAction, useRefresh } from '../../../hooks';
import { IncidentsLayout } from '../../shared/IncidentsLayout';
import { ComponentsCard } from './ComponentsCard';
import { MaintenanceForm } from './MaintenanceForm';
import { PublicIncidentsCard } from './PublicIncidentsCard';
import { Row } from '../../shared/Row';

/**
 * The Status page tab (`/incidents/status-page`): components and their entity mapping and
 * groups, public incidents and updates with a preview, maintenance, and subscriber counts.
 */
export function StatusPageAdmin() {
  const statusPageApi = useApi(statusPageApiRef);
  // Every change here needs incident.statuspage.manage; the page says so once, up front.
  const admin = useActionPermission({
    permission: statusPageManagePermission,
  });
  const [version, refresh] = useRefresh();
  const { run, busy, error: actionError } = useAction(refresh);
  const { value, error } = useAsync(async () => {
    const [components, incidents, counts, pageUrl] = await Promise.all([
      statusPageApi.listComponents(),
      statusPageApi.listIncidents(),
      // counts need the manage permission; the rest of the tab works without them
      statusPageApi.getSubscriberCounts().catch(() => undefined),
      statusPageApi.publicPageUrl(),
    ]);
    return { components, incidents, counts, pageUrl };
  }, [statusPageApi, version]);

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    content = <Progress />;
  } else {
    const { components, incidents, counts, pageUrl } = value;
    content = (
      <>
        <Row>
          <Link href={pageUrl} target="_blank" rel="noopener">
            Open the public status page
          </Link>
          {counts && (
            <Typography>
              Subscribers: {counts.email.confirmed} by email (
              {counts.email.pending} awaiting confirmation), {counts.webhook}{' '}
              {counts.webhook === 1 ? 'webhook' : 'webhooks'};{' '}
              {counts.wholePage} to the whole page
            </Typography>
          )}
        </Row>
        {actionError && (
          <Box mb={2}>
            <Alert severity="error">{actionError}</Alert>
          </Box>
        )}
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <ComponentsCard
              components={components}
              counts={counts}
              busy={busy}
              onCreate={request =>
                run(() => statusPageApi.createComponent(request))
              }
              onChange={(id, changes) =>
                run(() => statusPageApi.updateComponent(id, changes))
              }
              onDelete={id => run(() => statusPageApi.deleteComponent(id))}
            />
          </Grid>
          <Grid item xs={12} md={8}>
            <PublicIncidentsCard
              incidents={incidents}
              components={components}
              busy={busy}
              revision={version}
              onPublish={update =>
                run(() =>
                  statusPageApi.publish({
                    name: update.name,
                    status: update.status as PublicIncidentStatus,
                    body: update.body,
                    componentIds: update.componentIds,
                  }),
                )
              }
              onUpdate={(id, update) =>
                run(() =>
                  statusPageApi.postUpdate(id, {
                    status: update.status,
                    body: update.body,
                    componentIds: update.componentIds,
                  }),
                )
              }
              onDelete={id => run(() => statusPageApi.deleteIncident(id))}
            />
          </Grid>
          <Grid item xs={12} md={4}>
            <MaintenanceForm
              components={components}
              busy={busy}
              onSchedule={request =>
                run(() => statusPageApi.scheduleMaintenance(request))
              }
            />
          </Grid>
        </Grid>
      </>
    );
  }

  return (
    <IncidentsLayout
      selected="statuspage"
      subtitle="What customers see on the public status page"
    >
      {admin.reason && (
        <Box mb={2}>
          <Alert severity="info">
            {admin.reason}; this page shows what is published.
          </Alert>
        </Box>
      )}
      {content}
    </IncidentsLayout>
  );
}
