import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Postmortem,
  UpdatePostmortemRequest,
} from '@lookout/plugin-incidents-common';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';
import { IncidentLink } from '../../incidents/IncidentLink';
import { SeverityChip } from '../../shared/SeverityChip';

/** The facts recurrence matches on (root-cause entity, cause category) and the tags. */
export function DetailsForm(props: {
  postmortem: Postmortem;
  readOnly: boolean;
  busy: boolean;
  onSave: (request: UpdatePostmortemRequest) => void;
}) {
  const { postmortem, readOnly, busy, onSave } = props;
  const [editing, setEditing] = useState(false);
  const [rootCause, setRootCause] = useState<string | null>(null);
  const [category, setCategory] = useState('');
  const [tags, setTags] = useState('');

  const startEditing = () => {
    setRootCause(postmortem.rootCauseEntityRef);
    setCategory(postmortem.causeCategory ?? '');
    setTags(postmortem.tags.join(', '));
    setEditing(true);
  };

  return (
    <InfoCard title="Details">
      <Typography variant="body2" gutterBottom>
        Incident <IncidentLink id={postmortem.incidentId} />{' '}
        <SeverityChip severity={postmortem.severity} /> on{' '}
        <EntityRefLink entityRef={postmortem.entityRef} />
      </Typography>
      {!editing ? (
        <>
          <Typography variant="body2" gutterBottom>
            Root cause in:{' '}
            {postmortem.rootCauseEntityRef ? (
              <EntityRefLink entityRef={postmortem.rootCauseEntityRef} />
            ) : (
              'not named yet'
            )}
          </Typography>
          <Typography variant="body2" gutterBottom>
            Cause category: {postmortem.causeCategory ?? 'not named yet'}
          </Typography>
          <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
            {postmortem.tags.map(tag => (
              <Chip key={tag} size="small" label={tag} variant="outlined" />
            ))}
          </Box>
          {!readOnly && (
            <Button
              size="small"
              onClick={startEditing}
              aria-label="Edit details"
            >
              Edit details
            </Button>
          )}
        </>
      ) : (
        <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
          <CatalogEntityPicker
            id="postmortem-root-cause"
            label="Root-cause entity"
            kinds={['Component', 'Resource', 'API', 'System']}
            value={rootCause}
            onChange={setRootCause}
          />
          <TextField
            id="postmortem-category"
            label="Cause category"
            helperText="For example bad-deploy, capacity, third-party"
            size="small"
            variant="outlined"
            value={category}
            onChange={e => setCategory(e.target.value)}
          />
          <TextField
            id="postmortem-tags"
            label="Tags"
            helperText="Comma-separated"
            size="small"
            variant="outlined"
            value={tags}
            onChange={e => setTags(e.target.value)}
          />
          <Box display="flex" style={{ gap: 8 }}>
            <Button
              variant="contained"
              color="primary"
              disabled={busy}
              onClick={() => {
                onSave({
                  version: postmortem.version,
                  rootCauseEntityRef: rootCause,
                  causeCategory: category.trim() || null,
                  tags: tags
                    .split(',')
                    .map(t => t.trim())
                    .filter(Boolean),
                });
                setEditing(false);
              }}
            >
              Save details
            </Button>
            <Button onClick={() => setEditing(false)}>Cancel</Button>
          </Box>
        </Box>
      )}
    </InfoCard>
  );
}
