import useAsync from 'react-use/esm/useAsync';
import IconButton from '@material-ui/core/IconButton';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemSecondaryAction from '@material-ui/core/ListItemSecondaryAction';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { incidentsApiRef } from '../../../api/incidents';
import {
  MaintenanceWindow,
  incidentCreatePermission,
} from '@lookout/plugin-incidents-common';
import { PermittedAction } from '../../shared/PermittedAction';
import { useAction, useRefresh } from '../../../hooks';
import { MaintenanceForm } from './MaintenanceForm';
import { formatDateTime } from '../../shared/durations';

function period(window: MaintenanceWindow): string {
  const now = Date.now();
  const inForce =
    Date.parse(window.startsAt) <= now && now < Date.parse(window.endsAt);
  const range = `${formatDateTime(window.startsAt)} – ${formatDateTime(
    window.endsAt,
  )}`;
  return inForce ? `In force now · ${range}` : range;
}

/**
 * An entity's current and coming maintenance windows, and a way to schedule or remove one.
 * During a window its alerts are recorded but open no incident and page nobody.
 */
export function MaintenanceWindows(props: { entityRef: string }) {
  const { entityRef } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const [version, refresh] = useRefresh();
  const { run, busy, error: actionError, clearError } = useAction(refresh);
  const { value, error } = useAsync(
    () => incidentsApi.listMaintenanceWindows({ entityRef }),
    [incidentsApi, entityRef, version],
  );

  let list;
  if (error) {
    list = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    list = <Progress />;
  } else if (value.length === 0) {
    list = <Typography>No maintenance scheduled.</Typography>;
  } else {
    list = (
      <List dense aria-label="Maintenance windows">
        {value.map(window => (
          <ListItem key={window.id} disableGutters divider>
            <ListItemText primary={window.reason} secondary={period(window)} />
            <ListItemSecondaryAction>
              {/* silencing pages is as strong as opening incidents: incident.create */}
              <PermittedAction permission={incidentCreatePermission}>
                <IconButton
                  edge="end"
                  aria-label={`Delete maintenance window: ${window.reason}`}
                  disabled={busy}
                  onClick={() =>
                    run(() => incidentsApi.deleteMaintenanceWindow(window.id))
                  }
                >
                  <DeleteIcon />
                </IconButton>
              </PermittedAction>
            </ListItemSecondaryAction>
          </ListItem>
        ))}
      </List>
    );
  }

  return (
    <InfoCard
      title="Maintenance"
      subheader="Alerts during a window are recorded but page nobody"
    >
      {actionError && (
        <Alert severity="error" onClose={clearError}>
          {actionError}
        </Alert>
      )}
      {list}
      <MaintenanceForm
        busy={busy}
        onCreate={window =>
          run(() =>
            incidentsApi.createMaintenanceWindow({ entityRef, ...window }),
          )
        }
      />
    </InfoCard>
  );
}
