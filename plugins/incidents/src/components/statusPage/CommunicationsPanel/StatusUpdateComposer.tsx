import { ReactElement, useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormLabel from '@material-ui/core/FormLabel';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import {
  MAINTENANCE_STATUSES,
  PUBLIC_INCIDENT_STATUSES,
  StatusComponent,
  statusPageManagePermission,
} from '@lookout/plugin-incidents-common';
import { errorMessage } from '../../../api';
import { statusPageApiRef, StatusUpdateRequest } from '../../../api/statuspage';
import {
  IncidentUpdateAction,
  PermittedAction,
} from '../../shared/PermittedAction';

/** What the composer hands back when its author publishes. */
export interface ComposedUpdate extends StatusUpdateRequest {
  name: string;
  componentIds: string[];
}

const LABELS: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

/**
 * A public update being written: customer-facing title (when the incident is new), status,
 * affected components and text, with a preview rendered by the status page's own code.
 */
export function StatusUpdateComposer(props: {
  initial: ComposedUpdate;
  components: StatusComponent[];
  kind?: 'incident' | 'maintenance';
  /** The title is fixed once published; updates only change status and text. */
  nameEditable: boolean;
  submitLabel: string;
  busy: boolean;
  onSubmit: (update: ComposedUpdate) => void;
  /**
   * The incident published from, when there is one: publishing from an incident also needs
   * `incident.update` on it.
   */
  incidentId?: string;
  /** The template of a status, filled for this incident; offered as a button when given. */
  onTemplate?: (status: ComposedUpdate['status']) => Promise<string>;
}) {
  const statusPageApi = useApi(statusPageApiRef);
  const id = useId();
  const [draft, setDraft] = useState<ComposedUpdate>(props.initial);
  const [preview, setPreview] = useState<string>();
  const [previewError, setPreviewError] = useState<string>();
  const statuses =
    props.kind === 'maintenance'
      ? MAINTENANCE_STATUSES
      : PUBLIC_INCIDENT_STATUSES;
  const set = (changes: Partial<ComposedUpdate>) => {
    setDraft(current => ({ ...current, ...changes }));
    setPreview(undefined);
  };
  const toggle = (componentId: string, checked: boolean) =>
    set({
      componentIds: checked
        ? [...draft.componentIds, componentId]
        : draft.componentIds.filter(c => c !== componentId),
    });
  const valid = draft.name.trim() !== '' && draft.body.trim() !== '';
  // Publishing, and drafting from a template, need the status page's manage permission and,
  // for an incident's communications, incident.update on that incident: the backend asks both.
  // A refused helper is left out (`hide`); the refused submit says why.
  const gated = (
    control: ReactElement<{ disabled?: boolean }>,
    hide?: boolean,
  ) => {
    const managed = (
      <PermittedAction permission={statusPageManagePermission} hide={hide}>
        {control}
      </PermittedAction>
    );
    return props.incidentId ? (
      <IncidentUpdateAction incidentId={props.incidentId} hide={hide}>
        {managed}
      </IncidentUpdateAction>
    ) : (
      managed
    );
  };

  const showPreview = async () => {
    setPreviewError(undefined);
    try {
      setPreview(await statusPageApi.preview(draft));
    } catch (e) {
      setPreviewError(errorMessage(e));
    }
  };

  const fillFromTemplate = async () => {
    setPreviewError(undefined);
    try {
      set({ body: await props.onTemplate!(draft.status) });
    } catch (e) {
      setPreviewError(errorMessage(e));
    }
  };

  return (
    <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
      <TextField
        id={`${id}-name`}
        label="Customer-facing title"
        value={draft.name}
        disabled={!props.nameEditable}
        onChange={e => set({ name: e.target.value })}
        helperText="What customers read; never the internal title"
        required
        fullWidth
      />
      <TextField
        id={`${id}-status`}
        select
        label="Status"
        value={draft.status}
        onChange={e =>
          set({ status: e.target.value as ComposedUpdate['status'] })
        }
        style={{ maxWidth: 240 }}
      >
        {statuses.map(status => (
          <MenuItem key={status} value={status}>
            {LABELS[status]}
          </MenuItem>
        ))}
      </TextField>
      {props.components.length > 0 && (
        <FormControl component="fieldset">
          <FormLabel component="legend">Affected components</FormLabel>
          <FormGroup row>
            {props.components.map(c => (
              <FormControlLabel
                key={c.id}
                control={
                  <Checkbox
                    checked={draft.componentIds.includes(c.id)}
                    onChange={e => toggle(c.id, e.target.checked)}
                  />
                }
                label={c.group ? `${c.group} / ${c.name}` : c.name}
              />
            ))}
          </FormGroup>
        </FormControl>
      )}
      <TextField
        id={`${id}-body`}
        label="Update"
        value={draft.body}
        onChange={e => set({ body: e.target.value })}
        multiline
        minRows={4}
        required
        fullWidth
      />
      <Box display="flex" style={{ gap: 8 }}>
        {props.onTemplate &&
          gated(
            <Button variant="outlined" onClick={fillFromTemplate}>
              Fill from template
            </Button>,
            true,
          )}
        <Button variant="outlined" onClick={showPreview} disabled={!valid}>
          Preview
        </Button>
        {gated(
          <Button
            variant="contained"
            color="primary"
            disabled={!valid || props.busy}
            onClick={() => props.onSubmit(draft)}
          >
            {props.submitLabel}
          </Button>,
        )}
      </Box>
      {previewError && <Alert severity="error">{previewError}</Alert>}
      {preview !== undefined && (
        <Box>
          <Typography variant="subtitle2" component="h4">
            Preview
          </Typography>
          {/* the page's own HTML, escaped by the backend; sandboxed so nothing in it can run */}
          <iframe
            title="Preview of the public update"
            sandbox=""
            srcDoc={preview}
            style={{ width: '100%', minHeight: 200, border: '1px solid #ccc' }}
          />
        </Box>
      )}
    </Box>
  );
}
