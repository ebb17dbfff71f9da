import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { useIncidentsSignal, usePagedAlerts } from '../../../hooks';
import { PagedAlertsTable } from '../AlertsTable';

/** The alerts that opened or joined an incident, kept current as the incident changes. */
export function IncidentAlerts(props: { incidentId: string }) {
  const { incidentId } = props;
  const alerts = usePagedAlerts({ incidentId });
  // An alert joining or resolving changes the incident, which is what the backend announces.
  useIncidentsSignal(alerts.reload, signal => signal.incidentId === incidentId);

  const items = alerts.items ?? [];
  const firing = items.filter(alert => alert.status === 'firing').length;
  return (
    <InfoCard
      title="Alerts"
      subheader={
        alerts.items
          ? `${firing} firing · ${items.length - firing} resolved`
          : undefined
      }
    >
      <PagedAlertsTable
        alerts={alerts}
        label="Alerts"
        emptyContent={
          <Typography>
            No alerts: this incident was declared by hand.
          </Typography>
        }
      />
    </InfoCard>
  );
}
