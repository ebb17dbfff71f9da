import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Incident,
  IncidentEscalation,
  isOpenStatus,
} from '@lookout/plugin-incidents-common';
import { pagingApiRef } from '../../../api/paging';
import { RunIncidentAction } from '../../../hooks';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';
import { IncidentUpdateAction } from '../../shared/PermittedAction';

const STATE_TEXT: Record<IncidentEscalation['state'], string> = {
  active: 'escalating',
  acknowledged: 'stopped: acknowledged',
  resolved: 'stopped: the incident ended',
  exhausted: 'every level has paged',
};

function describe(escalation: IncidentEscalation): string {
  const levels = escalation.levels.length;
  const where =
    escalation.level === 0
      ? 'no level has paged yet'
      : `level ${escalation.level} of ${levels}, round ${escalation.round} of ${
          escalation.repeat + 1
        }`;
  return `${escalation.policyName} (${escalation.groupRef}): ${where}; ${
    STATE_TEXT[escalation.state]
  }`;
}

export interface IncidentPagesProps {
  incident: Incident;
  run: RunIncidentAction;
  busy: boolean;
  /** Changes whenever the incident page refetches, so the pages follow. */
  revision: number;
}

/**
 * The pages sent for an incident, its escalation as frozen from the owner's policy, and the
 * two moves a responder makes by hand: page the next level now, or page someone else.
 */
export function IncidentPagesSent(props: IncidentPagesProps) {
  const { incident, run, busy, revision } = props;
  const pagingApi = useApi(pagingApiRef);
  const [reassigning, setReassigning] = useState(false);
  const [userRef, setUserRef] = useState<string | null>(null);
  const { value, error, loading } = useAsync(
    () => pagingApi.getIncidentPages(incident.id),
    [pagingApi, incident.id, revision],
  );
  const open = isOpenStatus(incident.status);

  const reassign = async () => {
    if (!userRef) return;
    if (await run(() => pagingApi.reassign(incident.id, userRef))) {
      setReassigning(false);
      setUserRef(null);
    }
  };

  return (
    <InfoCard
      title="Pages"
      subheader={value?.escalation ? describe(value.escalation) : undefined}
    >
      {error && <ResponseErrorPanel error={error} />}
      {!value && loading && <Progress />}
      {value && (
        <>
          {value.items.length === 0 ? (
            <Typography>
              {value.escalation
                ? 'Nobody has been paged yet.'
                : 'No escalation ran for this incident.'}
            </Typography>
          ) : (
            <Table size="small" aria-label="Pages sent">
              <TableHead>
                <TableRow>
                  <TableCell>Person</TableCell>
                  <TableCell>Step</TableCell>
                  <TableCell>Why</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell>Sent</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {value.items.map(page => (
                  <TableRow key={page.id}>
                    <TableCell>
                      <EntityRefLink
                        entityRef={page.userRef}
                        defaultKind="user"
                      />
                    </TableCell>
                    <TableCell>
                      {page.level === 0
                        ? 'reassigned'
                        : `level ${page.level}, round ${page.round}`}
                    </TableCell>
                    <TableCell>{page.reason}</TableCell>
                    <TableCell>
                      {page.status}
                      {page.channels.length > 0 &&
                        ` via ${page.channels.join(', ')}`}
                    </TableCell>
                    <TableCell>
                      {page.sentAt
                        ? new Date(page.sentAt).toLocaleString()
                        : '—'}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {open && (
            // paging by hand changes the incident: the backend asks incident.update on it
            <Box mt={2} display="flex" style={{ gap: 8 }}>
              <IncidentUpdateAction incidentId={incident.id}>
                <Button
                  variant="outlined"
                  disabled={busy}
                  onClick={() => run(() => pagingApi.escalateNow(incident.id))}
                >
                  Escalate now
                </Button>
              </IncidentUpdateAction>
              <IncidentUpdateAction incidentId={incident.id}>
                <Button
                  variant="outlined"
                  disabled={busy}
                  onClick={() => setReassigning(true)}
                >
                  Reassign
                </Button>
              </IncidentUpdateAction>
            </Box>
          )}
        </>
      )}
      <Dialog
        open={reassigning}
        onClose={() => setReassigning(false)}
        fullWidth
        maxWidth="xs"
      >
        <DialogTitle>Page someone else</DialogTitle>
        <DialogContent>
          <CatalogEntityPicker
            id="incident-reassign-user"
            label="User"
            kinds={['User']}
            value={userRef}
            onChange={setUserRef}
            helperText="They are paged once, even if the incident is acknowledged"
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setReassigning(false)}>Cancel</Button>
          <IncidentUpdateAction incidentId={incident.id}>
            <Button
              color="primary"
              variant="contained"
              disabled={busy || !userRef}
              onClick={reassign}
            >
              Page
            </Button>
          </IncidentUpdateAction>
        </DialogActions>
      </Dialog>
    </InfoCard>
  );
}
