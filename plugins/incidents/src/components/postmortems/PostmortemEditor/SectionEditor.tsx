import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { PostmortemSection } from '@lookout/plugin-incidents-common';
import { errorMessage } from '../../../api';
import { postmortemsApiRef } from '../../../api/postmortems';
import { Markdown } from '../../shared/Markdown';

/** What the editor holds while someone else's save of the same section is unresolved. */
interface Conflict {
  message: string;
  theirs: PostmortemSection;
}

/**
 * One written section. Saving names the version the edit started from; when someone else saved
 * the section meanwhile the backend answers 409, and the editor shows their text beside the
 * writer's own so they can merge, take theirs, or save theirs over.
 */
export function SectionEditor(props: {
  postmortemId: string;
  section: PostmortemSection;
  readOnly: boolean;
  onSaved: () => void;
}) {
  const { postmortemId, section, readOnly, onSaved } = props;
  const postmortemsApi = useApi(postmortemsApiRef);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(section.body);
  const [baseVersion, setBaseVersion] = useState(section.version);
  const [conflict, setConflict] = useState<Conflict>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const startEditing = () => {
    setDraft(section.body);
    setBaseVersion(section.version);
    setConflict(undefined);
    setError(undefined);
    setEditing(true);
  };

  const save = async (version: number) => {
    setBusy(true);
    setError(undefined);
    try {
      await postmortemsApi.updateSection(postmortemId, section.key, {
        body: draft,
        version,
      });
      setEditing(false);
      setConflict(undefined);
      onSaved();
    } catch (e) {
      if (e instanceof ResponseError && e.statusCode === 409) {
        // read what won, so the writer can merge against it
        const latest = await postmortemsApi.getPostmortem(postmortemId);
        const theirs = latest.sections.find(s => s.key === section.key);
        if (theirs) {
          setConflict({ message: errorMessage(e), theirs });
        } else {
          setError(errorMessage(e));
        }
      } else {
        setError(errorMessage(e));
      }
    } finally {
      setBusy(false);
    }
  };

  const headingId = `section-${section.key}`;
  return (
    <Box component="section" mb={3} aria-labelledby={headingId}>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="h6" id={headingId}>
          {section.title}
        </Typography>
        {!editing && !readOnly && (
          <Button
            size="small"
            onClick={startEditing}
            aria-label={`Edit ${section.title}`}
          >
            Edit
          </Button>
        )}
      </Box>
      {!editing &&
        (section.body.trim() ? (
          <Markdown content={section.body} />
        ) : (
          <Typography variant="body2" color="textSecondary">
            {section.prompt ?? 'Not written yet.'}
          </Typography>
        ))}
      {editing && (
        <>
          {conflict && (
            <Alert severity="warning" style={{ marginBottom: 8 }}>
              <Typography variant="body2" gutterBottom>
                {conflict.message}
              </Typography>
              <Typography variant="subtitle2">
                Their text (version {conflict.theirs.version})
              </Typography>
              <Box
                component="pre"
                whiteSpace="pre-wrap"
                fontFamily="inherit"
                m={0}
                mb={1}
                aria-label={`Their ${section.title}`}
              >
                {conflict.theirs.body || '(empty)'}
              </Box>
              <Typography variant="body2" gutterBottom>
                Your text is still in the editor below: merge the two there and
                save, or choose.
              </Typography>
              <Button
                size="small"
                onClick={() => {
                  setDraft(conflict.theirs.body);
                  setBaseVersion(conflict.theirs.version);
                  setConflict(undefined);
                }}
              >
                Take theirs
              </Button>
              <Button
                size="small"
                onClick={() => {
                  setBaseVersion(conflict.theirs.version);
                  setConflict(undefined);
                }}
              >
                Merged: save against their version
              </Button>
            </Alert>
          )}
          {error && (
            <Alert severity="error" style={{ marginBottom: 8 }}>
              {error}
            </Alert>
          )}
          <TextField
            id={`section-input-${section.key}`}
            label={section.title}
            placeholder={section.prompt}
            multiline
            minRows={4}
            fullWidth
            variant="outlined"
            value={draft}
            onChange={e => setDraft(e.target.value)}
          />
          <Box mt={1} display="flex" style={{ gap: 8 }}>
            <Button
              variant="contained"
              color="primary"
              disabled={busy || !!conflict}
              onClick={() => save(baseVersion)}
            >
              Save {section.title}
            </Button>
            <Button disabled={busy} onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </Box>
        </>
      )}
    </Box>
  );
}
