import { useState } from 'react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { InfoCard } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { AlertStatus } from '@lookout/plugin-incidents-common';
import { useIncidentsSignal, usePagedAlerts } from '../../../hooks';
import { PagedAlertsTable } from '../AlertsTable';
import { MaintenanceWindows } from '../../statusPage/MaintenanceWindows';

type Scope = AlertStatus | 'all';

const SCOPES: Array<[Scope, string]> = [
  ['all', 'All'],
  ['firing', 'Firing'],
  ['resolved', 'Resolved'],
];

/** The Alerts tab of an entity page: what is firing on it now and lately, and its maintenance. */
export function EntityAlertsContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const [scope, setScope] = useState<Scope>('all');
  const alerts = usePagedAlerts(
    { entityRef },
    { status: scope === 'all' ? undefined : scope },
  );
  // Alerts that open or join incidents on this entity are announced with it.
  useIncidentsSignal(alerts.reload, signal =>
    signal.entityRefs.includes(entityRef),
  );

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title="Alerts"
          action={
            <ToggleButtonGroup
              size="small"
              exclusive
              aria-label="Alert status"
              value={scope}
              // Clicking the selected button yields null; the list always shows some scope.
              onChange={(_, next: Scope | null) => next && setScope(next)}
            >
              {SCOPES.map(([value, label]) => (
                <ToggleButton key={value} value={value}>
                  {label}
                </ToggleButton>
              ))}
            </ToggleButtonGroup>
          }
        >
          <PagedAlertsTable
            alerts={alerts}
            label="Alerts on this entity"
            emptyContent={
              <Typography>
                {scope === 'all'
                  ? 'No alerts on this entity yet.'
                  : `No ${scope} alerts on this entity.`}
              </Typography>
            }
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <MaintenanceWindows entityRef={entityRef} />
      </Grid>
    </Grid>
  );
}
