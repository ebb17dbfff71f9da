import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import {
  DEFAULT_SEVERITY_INFO,
  Incident,
  SEVERITIES,
  Severity,
  incidentCreatePermission,
} from '@lookout/plugin-incidents-common';
import { incidentsApiRef } from '../../../api/incidents';
import { errorMessage } from '../../../api';
import { BlastRadiusPreview } from '../../blastRadius/BlastRadiusPreview';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';
import { PermittedAction } from '../../shared/PermittedAction';

/** What an incident can hit besides its origin: the kinds that get an Incidents tab. */
const IMPACTABLE_KINDS = ['Component', 'Resource', 'API', 'System'];

export interface DeclareIncidentDialogProps {
  open: boolean;
  /** The origin entity of the new incident. */
  entityRef: string;
  onClose: () => void;
  onDeclared: (incident: Incident) => void;
}

/** Title, severity (with what it means), description and what else is hit; the origin is the page's entity. */
export function DeclareIncidentDialog(props: DeclareIncidentDialogProps) {
  const { open, entityRef, onClose, onDeclared } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('SEV3');
  const [description, setDescription] = useState('');
  const [impacted, setImpacted] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      const incident = await incidentsApi.declareIncident({
        title,
        severity,
        entityRef,
        description: description || undefined,
        impactedEntityRefs: impacted.length > 0 ? impacted : undefined,
      });
      setTitle('');
      setDescription('');
      setImpacted([]);
      onDeclared(incident);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>Declare an incident</DialogTitle>
      <DialogContent>
        {error && <Alert severity="error">{error}</Alert>}
        <TextField
          id="declare-incident-title"
          required
          fullWidth
          margin="normal"
          label="Title"
          helperText="What is broken, as a responder would say it"
          value={title}
          inputProps={{ maxLength: 200 }}
          onChange={e => setTitle(e.target.value)}
        />
        <TextField
          id="declare-incident-severity"
          select
          required
          fullWidth
          margin="normal"
          label="Severity"
          value={severity}
          helperText={DEFAULT_SEVERITY_INFO[severity].description}
          onChange={e => setSeverity(e.target.value as Severity)}
        >
          {SEVERITIES.map(code => (
            <MenuItem key={code} value={code}>
              {code} · {DEFAULT_SEVERITY_INFO[code].name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          fullWidth
          id="declare-incident-description"
          multiline
          minRows={3}
          margin="normal"
          label="Description"
          value={description}
          onChange={e => setDescription(e.target.value)}
        />
        <TextField
          fullWidth
          id="declare-incident-origin"
          disabled
          margin="normal"
          label="Where it started"
          value={entityRef}
        />
        <CatalogEntityPicker
          id="declare-incident-impacted"
          multiple
          label="Impacted entities"
          helperText="Other components, resources, APIs or systems that are hurt"
          kinds={IMPACTABLE_KINDS}
          exclude={[entityRef]}
          value={impacted}
          onChange={setImpacted}
        />
        {/* advisory: it never blocks declaring, whatever happens to the request */}
        <BlastRadiusPreview entityRef={entityRef} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        {/* the dialog may be opened from elsewhere; its submit is gated as well */}
        <PermittedAction permission={incidentCreatePermission}>
          <Button
            color="primary"
            variant="contained"
            disabled={submitting || title.trim() === ''}
            onClick={submit}
          >
            Declare
          </Button>
        </PermittedAction>
      </DialogActions>
    </Dialog>
  );
}
