import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  EscalateSupportReportRequest,
  SEVERITIES,
  SupportReport,
} from '@lookout/plugin-incidents-common';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';

/**
 * Escalating a report declares an incident on an entity: the report's best match unless the
 * agent picks another, with the ticket's subject as title.
 */
export function EscalateDialog(props: {
  report: SupportReport;
  busy: boolean;
  onClose: () => void;
  onEscalate: (request: EscalateSupportReportRequest) => void;
}) {
  const { report, busy } = props;
  const [entityRef, setEntityRef] = useState<string | null>(
    report.entityRefs[0] ?? null,
  );
  const [severity, setSeverity] =
    useState<EscalateSupportReportRequest['severity']>('SEV3');
  const [title, setTitle] = useState(report.subject.slice(0, 200));
  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="sm">
      <DialogTitle>Escalate to engineering</DialogTitle>
      <DialogContent>
        <TextField
          id="escalate-title"
          label="Title"
          value={title}
          onChange={e => setTitle(e.target.value)}
          fullWidth
          margin="normal"
        />
        <CatalogEntityPicker
          id="escalate-entity"
          label="Where is the problem?"
          kinds={['Component', 'System', 'API', 'Resource']}
          value={entityRef}
          onChange={setEntityRef}
          helperText="The incident is declared here, routed to its owner and paged per their policy"
        />
        <TextField
          id="escalate-severity"
          select
          label="Severity"
          value={severity}
          onChange={e =>
            setSeverity(
              e.target.value as EscalateSupportReportRequest['severity'],
            )
          }
          margin="normal"
        >
          {SEVERITIES.map(s => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || !entityRef || !title.trim()}
          onClick={() =>
            props.onEscalate({
              entityRef: entityRef ?? undefined,
              severity,
              title: title.trim(),
            })
          }
        >
          Declare incident
        </Button>
      </DialogActions>
    </Dialog>
  );
}
