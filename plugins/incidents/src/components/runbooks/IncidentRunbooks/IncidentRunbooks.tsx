import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import Divider from '@material-ui/core/Divider';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  IncidentRunbook,
  RunbookSuggestionReason,
  incidentUpdatePermission,
} from '@lookout/plugin-incidents-common';
import { runbooksApiRef } from '../../../api/runbooks';
import {
  useAction,
  useActionPermission,
  useIncidentsSignal,
  useRefresh,
} from '../../../hooks';
import { Actor } from '../../shared/Actor';
import { RunbookView } from '../RunbookView';

function reasonLabel(reason: RunbookSuggestionReason): string {
  switch (reason.type) {
    case 'entity':
      return `runbook of ${reason.entityRef}`;
    case 'alert':
      return `linked by alert: ${reason.summary}`;
    case 'title':
      return `matches ${reason.words.join(', ')}`;
    default:
      return 'suggested';
  }
}

function SuggestedRunbook(props: {
  suggestion: IncidentRunbook;
  busy: boolean;
  /** Why steps cannot be ticked (no `incident.update` on the incident), when they cannot. */
  deniedReason?: string;
  /** False while the permission is unknown or refused. */
  canTick: boolean;
  onTick: (step: number, checked: boolean) => void;
}) {
  const { suggestion, busy, deniedReason, canTick, onTick } = props;
  const { runbook, reasons, steps } = suggestion;
  const [open, setOpen] = useState(false);
  const done = steps.filter(s => s.checked).length;
  return (
    <Box mb={2}>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="h6" component="h3">
          {runbook.title}
        </Typography>
        {steps.length > 0 && (
          <Typography variant="body2" color="textSecondary">
            {done} of {steps.length} done
          </Typography>
        )}
        {reasons.map(reason => (
          <Chip
            key={reasonLabel(reason)}
            size="small"
            label={reasonLabel(reason)}
          />
        ))}
      </Box>
      {runbook.error && (
        <Alert severity="warning">
          {runbook.error}
          {runbook.url && /^https?:\/\//i.test(runbook.url) && (
            <>
              {' '}
              <Link to={runbook.url}>Open the runbook</Link>
            </>
          )}
        </Alert>
      )}
      {deniedReason && steps.length > 0 && (
        <Typography variant="caption" color="textSecondary">
          {deniedReason}
        </Typography>
      )}
      <Box display="flex" flexDirection="column">
        {steps.map(step => (
          <Box key={step.index} display="flex" alignItems="center">
            <FormControlLabel
              control={
                <Checkbox
                  color="primary"
                  checked={step.checked}
                  disabled={busy || !canTick}
                  onChange={e => onTick(step.index, e.target.checked)}
                />
              }
              label={step.text}
            />
            {step.actor && (
              <Typography variant="caption" color="textSecondary">
                {step.checked ? 'ticked' : 'unticked'} by{' '}
                <Actor entityRef={step.actor} />
              </Typography>
            )}
          </Box>
        ))}
      </Box>
      {runbook.markdown !== null && (
        <Button size="small" onClick={() => setOpen(!open)}>
          {open ? 'Hide runbook' : 'Show runbook'}
        </Button>
      )}
      {open && (
        <Box mt={1}>
          <RunbookView runbook={runbook} />
        </Box>
      )}
      <Box mt={2}>
        <Divider />
      </Box>
    </Box>
  );
}

/**
 * The runbooks an incident suggests (its origin entity's, its alerts' runbook_url, those that
 * match its title) with their checklists; each tick and untick is a timeline event, so the
 * whole team sees the same checklist.
 */
export function IncidentRunbooks(props: {
  incidentId: string;
  /** Bumped by the page when the incident changes, to refetch. */
  revision?: number;
}) {
  const { incidentId, revision } = props;
  const api = useApi(runbooksApiRef);
  const [version, refresh] = useRefresh();
  // the checklist is read again after a tick, refused or not
  const {
    run,
    busy,
    error: tickError,
    clearError,
  } = useAction(refresh, { alsoAfterFailure: true });
  useIncidentsSignal(refresh, signal => signal.incidentId === incidentId);
  // Ticking a step writes to the incident's timeline, so the backend asks for incident.update.
  const ticking = useActionPermission({
    permission: incidentUpdatePermission,
    resourceRef: incidentId,
  });

  const { value, error } = useAsync(
    () => api.getIncidentRunbooks(incidentId),
    [api, incidentId, revision, version],
  );

  const tick = (runbookId: string, step: number, checked: boolean) =>
    run(() => api.tickStep(incidentId, { runbookId, step, checked }));

  return (
    <InfoCard title="Runbooks">
      {tickError && (
        <Box mb={2}>
          <Alert severity="error" onClose={clearError}>
            {tickError}
          </Alert>
        </Box>
      )}
      {error && <ResponseErrorPanel error={error} />}
      {!value && !error && <Progress />}
      {value?.length === 0 && (
        <Typography color="textSecondary">
          No runbook found for this incident's entity, alerts or title.
        </Typography>
      )}
      {value?.map(suggestion => (
        <SuggestedRunbook
          key={suggestion.runbook.id}
          suggestion={suggestion}
          busy={busy}
          canTick={ticking.allowed}
          deniedReason={ticking.reason}
          onTick={(step, checked) => tick(suggestion.runbook.id, step, checked)}
        />
      ))}
    </InfoCard>
  );
}
