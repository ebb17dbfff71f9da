import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import {
  parseRunbookSteps,
  Runbook,
  runbookManagePermission,
} from '@lookout/plugin-incidents-common';
import { runbooksApiRef } from '../../../api/runbooks';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';
import { PermittedAction } from '../../shared/PermittedAction';
import { useAction } from '../../../hooks';

const TEMPLATE = `## When to use

## Steps

- [ ] 
`;

/** Kinds a runbook can be attached to: those incidents start on. */
const KINDS = ['Component', 'Resource', 'API', 'System'];

/**
 * Writes or edits a runbook kept in Lookout: a title, markdown whose `- [ ]` items become the
 * checklist responders tick on an incident, and the catalog entities it belongs to.
 */
export function RunbookEditor(props: {
  open: boolean;
  /** The runbook to edit; a new one when absent. */
  runbook?: Runbook;
  /** Where a new runbook is attached to start with. */
  entityRef: string;
  onClose: () => void;
  onSaved: (runbook: Runbook) => void;
}) {
  const { open, runbook, entityRef, onClose, onSaved } = props;
  const api = useApi(runbooksApiRef);
  const [title, setTitle] = useState(runbook?.title ?? '');
  const [markdown, setMarkdown] = useState(runbook?.markdown ?? TEMPLATE);
  const [entityRefs, setEntityRefs] = useState<string[]>(
    runbook?.entityRefs ?? [entityRef],
  );
  const { run, busy, error } = useAction();
  const steps = parseRunbookSteps(markdown);

  const save = () =>
    run(async () => {
      const saved = runbook
        ? await api.updateRunbook(runbook.id, {
            version: runbook.version ?? 1,
            title,
            markdown,
            entityRefs,
          })
        : await api.createRunbook({ title, markdown, entityRefs });
      onSaved(saved);
    });

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>{runbook ? 'Edit runbook' : 'New runbook'}</DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" style={{ marginBottom: 16 }}>
            {error}
          </Alert>
        )}
        <TextField
          id="runbook-title"
          label="Title"
          value={title}
          onChange={e => setTitle(e.target.value)}
          fullWidth
          required
          margin="normal"
        />
        <TextField
          id="runbook-markdown"
          label="Markdown"
          value={markdown}
          onChange={e => setMarkdown(e.target.value)}
          fullWidth
          multiline
          minRows={12}
          margin="normal"
          helperText={`${steps.length} checklist ${
            steps.length === 1 ? 'step' : 'steps'
          } (lines like "- [ ] Restart the consumer")`}
          InputProps={{ style: { fontFamily: 'monospace' } }}
        />
        <CatalogEntityPicker
          id="runbook-entities"
          label="Belongs to"
          kinds={KINDS}
          multiple
          value={entityRefs}
          onChange={setEntityRefs}
          helperText="Who may read the runbook follows who may see these entities"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <PermittedAction permission={runbookManagePermission}>
          <Button
            color="primary"
            variant="contained"
            onClick={save}
            disabled={busy || !title.trim() || entityRefs.length === 0}
          >
            Save
          </Button>
        </PermittedAction>
      </DialogActions>
    </Dialog>
  );
}
