import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import {
  Postmortem,
  ReviewDecision,
  postmortemManagePermission,
} from '@lookout/plugin-incidents-common';
import { Actor } from '../../shared/Actor';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';
import { PermittedAction } from '../../shared/PermittedAction';

const DECISIONS: Record<ReviewDecision, string> = {
  pending: 'pending',
  approved: 'approved',
  changes_requested: 'requested changes',
};

/** Reviewers and their decisions; the signed-in reviewer decides here while it is in review. */
export function ReviewPanel(props: {
  postmortem: Postmortem;
  me?: string;
  busy: boolean;
  onAdd: (userRef: string) => void;
  onRemove: (userRef: string) => void;
  onReview: (
    decision: 'approved' | 'changes_requested',
    comment: string,
  ) => void;
}) {
  const { postmortem, me, busy } = props;
  const [reviewer, setReviewer] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const mine = postmortem.reviewers.find(r => r.userRef === me);
  const editable = postmortem.status !== 'published';

  return (
    <InfoCard title="Review">
      {postmortem.reviewers.length === 0 ? (
        <Typography variant="body2">
          No reviewers; it can be published without a review.
        </Typography>
      ) : (
        <List dense disablePadding aria-label="Reviewers">
          {postmortem.reviewers.map(r => (
            <ListItem key={r.userRef} disableGutters>
              <ListItemText
                primary={
                  <>
                    <Actor entityRef={r.userRef} /> {DECISIONS[r.decision]}
                  </>
                }
                secondary={r.comment || undefined}
              />
              {editable && (
                <PermittedAction permission={postmortemManagePermission}>
                  <Button
                    size="small"
                    disabled={busy}
                    onClick={() => props.onRemove(r.userRef)}
                    aria-label={`Remove reviewer ${r.userRef}`}
                  >
                    Remove
                  </Button>
                </PermittedAction>
              )}
            </ListItem>
          ))}
        </List>
      )}
      {editable && (
        <Box display="flex" alignItems="flex-start" mt={1} style={{ gap: 8 }}>
          <Box flexGrow={1}>
            <CatalogEntityPicker
              id="postmortem-reviewer"
              label="Add reviewer"
              kinds={['User']}
              value={reviewer}
              onChange={setReviewer}
              exclude={postmortem.reviewers.map(r => r.userRef)}
            />
          </Box>
          <PermittedAction permission={postmortemManagePermission}>
            <Button
              disabled={busy || !reviewer}
              onClick={() => {
                if (reviewer) props.onAdd(reviewer);
                setReviewer(null);
              }}
            >
              Add
            </Button>
          </PermittedAction>
        </Box>
      )}
      {mine && postmortem.status === 'in_review' && (
        <Box mt={2}>
          <TextField
            id="postmortem-review-comment"
            label="Review comment"
            size="small"
            variant="outlined"
            fullWidth
            value={comment}
            onChange={e => setComment(e.target.value)}
          />
          <Box mt={1} display="flex" style={{ gap: 8 }}>
            <Button
              variant="contained"
              color="primary"
              disabled={busy}
              onClick={() => props.onReview('approved', comment)}
            >
              Approve
            </Button>
            <Button
              variant="outlined"
              disabled={busy}
              onClick={() => props.onReview('changes_requested', comment)}
            >
              Request changes
            </Button>
          </Box>
        </Box>
      )}
    </InfoCard>
  );
}
