import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import { Alert as LookoutAlert } from '@lookout/plugin-incidents-common';
import { incidentsApiRef } from '../../../api/incidents';
import { useAction } from '../../../hooks';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';

/** The kinds alerts are routed to, as on the Alerts tab. */
const ROUTABLE_KINDS = ['Component', 'Resource', 'API', 'System'];

/** Routes one unrouted alert to an entity, which may open or join an incident there. */
export function RouteAlertDialog(props: {
  alert?: LookoutAlert;
  onClose: () => void;
  onRouted: (alert: LookoutAlert) => void;
}) {
  const { alert } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const [entityRef, setEntityRef] = useState<string | null>(null);
  const { run, busy, error, clearError } = useAction();

  const close = () => {
    setEntityRef(null);
    clearError();
    props.onClose();
  };

  const route = async () => {
    if (!alert || !entityRef) return;
    await run(async () => {
      const routed = await incidentsApi.routeAlert(alert.id, entityRef);
      setEntityRef(null);
      props.onRouted(routed);
    });
  };

  return (
    <Dialog
      open={Boolean(alert)}
      onClose={close}
      fullWidth
      aria-labelledby="route-alert-title"
    >
      <DialogTitle id="route-alert-title">Route alert</DialogTitle>
      <DialogContent>
        {error && <Alert severity="error">{error}</Alert>}
        <DialogContentText>{alert?.summary}</DialogContentText>
        <CatalogEntityPicker
          id="route-alert-entity"
          label="Entity"
          kinds={ROUTABLE_KINDS}
          helperText="The alert goes to this entity and may open an incident on it"
          value={entityRef}
          onChange={setEntityRef}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || !entityRef}
          onClick={route}
        >
          Route
        </Button>
      </DialogActions>
    </Dialog>
  );
}
