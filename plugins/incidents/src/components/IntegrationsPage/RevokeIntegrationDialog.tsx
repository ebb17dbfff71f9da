import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import { errorMessage, incidentsApiRef } from '../../api';
import { Integration } from '@lookout/plugin-incidents-common';

/** Asks before revoking: senders using the key are refused from then on, and it cannot be undone. */
export function RevokeIntegrationDialog(props: {
  integration?: Integration;
  onClose: () => void;
  onRevoked: () => void;
}) {
  const { integration } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const close = () => {
    setError(undefined);
    props.onClose();
  };

  const revoke = async () => {
    if (!integration) return;
    setBusy(true);
    setError(undefined);
    try {
      await incidentsApi.revokeIntegration(integration.id);
      props.onRevoked();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={Boolean(integration)}
      onClose={close}
      aria-labelledby="revoke-integration-title"
    >
      <DialogTitle id="revoke-integration-title">
        Revoke {integration?.name}?
      </DialogTitle>
      <DialogContent>
        {error && <Alert severity="error">{error}</Alert>}
        <DialogContentText>
          Senders using the key {integration?.keyHint}… will be refused from now
          on. This cannot be undone; a new integration gets a new key.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>Cancel</Button>
        <Button color="secondary" disabled={busy} onClick={revoke}>
          Revoke
        </Button>
      </DialogActions>
    </Dialog>
  );
}
