import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { incidentResolvePermission } from '@lookout/plugin-incidents-common';
import { PermittedAction } from '../../shared/PermittedAction';

export interface MergeIncidentDialogProps {
  open: boolean;
  /** The incident being merged away; it cannot be its own primary. */
  incidentId: string;
  busy: boolean;
  onClose: () => void;
  onMerge: (into: string) => void;
}

/** Names the primary incident a duplicate folds into; the backend checks that it exists. */
export function MergeIncidentDialog(props: MergeIncidentDialogProps) {
  const { open, incidentId, busy, onClose, onMerge } = props;
  const [into, setInto] = useState('');
  const target = into.trim().toLocaleUpperCase('en-US');
  const self = target === incidentId.toLocaleUpperCase('en-US');

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="xs">
      <DialogTitle>Merge {incidentId} into another incident</DialogTitle>
      <DialogContent>
        <TextField
          id="merge-incident-into"
          fullWidth
          required
          label="Primary incident"
          placeholder="INC-3"
          value={into}
          error={self}
          helperText={
            self
              ? 'An incident cannot be merged into itself'
              : 'Its timeline gains this incident, which becomes final'
          }
          onChange={e => setInto(e.target.value)}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        {/* the primary's incident.update is only known once it is named; the backend checks it */}
        <PermittedAction
          permission={incidentResolvePermission}
          resourceRef={incidentId}
        >
          <Button
            color="primary"
            variant="contained"
            disabled={busy || target === '' || self}
            onClick={() => onMerge(target)}
          >
            Merge
          </Button>
        </PermittedAction>
      </DialogActions>
    </Dialog>
  );
}
