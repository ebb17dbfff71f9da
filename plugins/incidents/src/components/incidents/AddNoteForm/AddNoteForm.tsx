import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { IncidentUpdateAction } from '../../shared/PermittedAction';

export interface AddNoteFormProps {
  /** The incident noted on; adding a note needs `incident.update` on it. */
  incidentId: string;
  busy: boolean;
  /** Resolves to whether the note was saved; the text is kept when it was not. */
  onAdd: (markdown: string) => Promise<boolean>;
}

/** A Markdown note for the timeline. */
export function AddNoteForm(props: AddNoteFormProps) {
  const { incidentId, busy, onAdd } = props;
  const [markdown, setMarkdown] = useState('');

  const submit = async () => {
    if (await onAdd(markdown.trim())) {
      setMarkdown('');
    }
  };

  return (
    <Box mt={2}>
      <TextField
        id="incident-add-note"
        label="Note"
        helperText="Markdown. Notes are added to the timeline and cannot be edited."
        multiline
        minRows={3}
        fullWidth
        variant="outlined"
        value={markdown}
        onChange={e => setMarkdown(e.target.value)}
      />
      <Box display="flex" justifyContent="flex-end" mt={1}>
        <IncidentUpdateAction incidentId={incidentId}>
          <Button
            variant="contained"
            color="primary"
            disabled={busy || markdown.trim() === ''}
            onClick={submit}
          >
            Add note
          </Button>
        </IncidentUpdateAction>
      </Box>
    </Box>
  );
}
