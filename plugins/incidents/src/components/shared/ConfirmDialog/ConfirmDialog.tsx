import { ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { useAction } from '../../../hooks/useAction';

/**
 * Asks before something that cannot be undone (revoking a key, deleting a webhook). The
 * action runs on confirm; while it runs the button is disabled, and if it fails the dialog
 * stays open with the backend's message.
 */
export function ConfirmDialog(props: {
  open: boolean;
  /** For the dialog's accessible name. */
  id: string;
  title: string;
  /** What will happen, in plain words. */
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const { run, busy, error, clearError } = useAction();

  const close = () => {
    clearError();
    props.onClose();
  };

  const confirm = () => run(props.onConfirm);

  return (
    <Dialog open={props.open} onClose={close} aria-labelledby={props.id}>
      <DialogTitle id={props.id}>{props.title}</DialogTitle>
      <DialogContent>
        {error && <Alert severity="error">{error}</Alert>}
        <DialogContentText>{props.children}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>Cancel</Button>
        <Button color="secondary" disabled={busy} onClick={confirm}>
          {props.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
