import { ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';

/**
 * A dialog that creates something with a secret (an integration key, a webhook's signing
 * secret): first the form, then, in its place, what was created, shown this once. Once
 * shown, only Done closes it: a stray click beside the dialog must not lose the secret.
 */
export function ShownOnceDialog(props: {
  open: boolean;
  /** For the dialog's accessible name. */
  id: string;
  title: string;
  /** What was created, once it was; replaces the form. */
  shown?: ReactNode;
  error?: string;
  /** Create is enabled only when the form is complete and nothing is running. */
  canCreate: boolean;
  onCreate: () => void;
  onClose: () => void;
  /** The form. */
  children: ReactNode;
}) {
  const { shown } = props;
  return (
    <Dialog
      open={props.open}
      onClose={shown ? undefined : props.onClose}
      fullWidth
      maxWidth="md"
      aria-labelledby={props.id}
    >
      <DialogTitle id={props.id}>{props.title}</DialogTitle>
      <DialogContent>
        {props.error && <Alert severity="error">{props.error}</Alert>}
        {shown ?? props.children}
      </DialogContent>
      <DialogActions>
        {shown ? (
          <Button color="primary" variant="contained" onClick={props.onClose}>
            Done
          </Button>
        ) : (
          <>
            <Button onClick={props.onClose}>Cancel</Button>
            <Button
              color="primary"
              variant="contained"
              disabled={!props.canCreate}
              onClick={props.onCreate}
            >
              Create
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
