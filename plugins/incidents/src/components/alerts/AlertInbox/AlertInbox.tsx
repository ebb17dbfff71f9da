import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InfoCard } from '@backstage/core-components';
import {
  Alert as LookoutAlert,
  incidentCreatePermission,
} from '@lookout/plugin-incidents-common';
import { usePagedAlerts } from '../../../hooks';
import { PagedAlertsTable } from '../AlertsTable';
import { IncidentsLayout } from '../../shared/IncidentsLayout';
import { PermittedAction } from '../../shared/PermittedAction';
import { RouteAlertDialog } from './RouteAlertDialog';

/**
 * Alerts no routing rule could place (`/incidents/unrouted`). They page nobody until someone
 * routes them to an entity.
 */
export function AlertInbox() {
  const alerts = usePagedAlerts({ unrouted: true });
  const [routing, setRouting] = useState<LookoutAlert>();
  const [routed, setRouted] = useState<LookoutAlert>();

  return (
    <IncidentsLayout
      selected="unrouted"
      subtitle="Alerts no rule could route to an entity"
    >
      {routed && (
        <Alert severity="success" onClose={() => setRouted(undefined)}>
          Routed “{routed.summary}” to {routed.entityRef}
          {routed.incidentId ? `, on ${routed.incidentId}` : ''}.
        </Alert>
      )}
      <InfoCard title="Unrouted alerts">
        <PagedAlertsTable
          alerts={alerts}
          label="Unrouted alerts"
          emptyContent={
            <Typography>
              Every alert found its entity. Nothing to route.
            </Typography>
          }
          renderActions={alert => (
            // routing may open an incident, so the backend asks for incident.create
            <PermittedAction permission={incidentCreatePermission}>
              <Button
                size="small"
                variant="outlined"
                onClick={() => setRouting(alert)}
              >
                Route to…
              </Button>
            </PermittedAction>
          )}
        />
      </InfoCard>
      <RouteAlertDialog
        alert={routing}
        onClose={() => setRouting(undefined)}
        onRouted={alert => {
          setRouting(undefined);
          setRouted(alert);
          alerts.reload();
        }}
      />
    </IncidentsLayout>
  );
}
