import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { isOpenStatus, MyPage } from '@lookout/plugin-incidents-common';
import { errorMessage } from '../../../api';
import { pagingApiRef } from '../../../api/paging';
import { useIncidentsSignal, useRefresh } from '../../../hooks';
import { IncidentLink } from '../../incidents/IncidentLink';
import { IncidentsLayout } from '../../shared/IncidentsLayout';
import { SeverityChip } from '../../shared/SeverityChip';
import { StatusChip } from '../../shared/StatusChip';

/** A page still waits for its person while its incident is open and nobody acknowledged it. */
function waiting(page: MyPage): boolean {
  return (
    (page.status === 'pending' || page.status === 'sent') &&
    isOpenStatus(page.incidentStatus)
  );
}

/** The signed-in user's pages (`/incidents/pages`), newest first, each acknowledgeable here. */
export function MyPagesPage() {
  const pagingApi = useApi(pagingApiRef);
  const [version, refresh] = useRefresh();
  const [onlyWaiting, setOnlyWaiting] = useState(false);
  const [busy, setBusy] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  useIncidentsSignal(refresh, signal => signal.type === 'acknowledged');

  const { value, error } = useAsync(
    () => pagingApi.listMyPages({ limit: 100 }),
    [pagingApi, version],
  );

  const acknowledge = async (page: MyPage) => {
    setBusy(page.id);
    setActionError(undefined);
    try {
      await pagingApi.acknowledgePage(page.id);
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(undefined);
      refresh();
    }
  };

  const pages = (value ?? []).filter(page => !onlyWaiting || waiting(page));
  return (
    <IncidentsLayout selected="pages" subtitle="Pages sent to you">
      {actionError && (
        <Alert severity="error" onClose={() => setActionError(undefined)}>
          {actionError}
        </Alert>
      )}
      <FormControlLabel
        control={
          <Switch
            checked={onlyWaiting}
            onChange={(_, checked) => setOnlyWaiting(checked)}
          />
        }
        label="Only unacknowledged"
      />
      {error && <ResponseErrorPanel error={error} />}
      {!value && !error && <Progress />}
      {value &&
        (pages.length === 0 ? (
          <Typography>
            {onlyWaiting
              ? 'Nothing waits for you.'
              : 'You have not been paged.'}
          </Typography>
        ) : (
          <Table size="small" aria-label="My pages">
            <TableHead>
              <TableRow>
                <TableCell>Incident</TableCell>
                <TableCell>Severity</TableCell>
                <TableCell>Incident status</TableCell>
                <TableCell>Why you</TableCell>
                <TableCell>Paged</TableCell>
                <TableCell>Page</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {pages.map(page => (
                <TableRow key={page.id}>
                  <TableCell>
                    <IncidentLink id={page.incidentId}>
                      {page.incidentId}: {page.incidentTitle}
                    </IncidentLink>
                  </TableCell>
                  <TableCell>
                    <SeverityChip severity={page.incidentSeverity} />
                  </TableCell>
                  <TableCell>
                    <StatusChip status={page.incidentStatus} />
                  </TableCell>
                  <TableCell>
                    {page.level === 0
                      ? page.reason
                      : `${page.reason} (level ${page.level}, round ${page.round})`}
                  </TableCell>
                  <TableCell>
                    {new Date(page.sentAt ?? page.dueAt).toLocaleString()}
                  </TableCell>
                  <TableCell>{page.status}</TableCell>
                  <TableCell>
                    {/* Not gated by incident.update: every page listed here is the signed-in
                        user's own, and the backend lets the paged person acknowledge theirs
                        whatever their permissions (as the page's link does, unsigned in). */}
                    {waiting(page) && (
                      <Button
                        size="small"
                        color="primary"
                        variant="contained"
                        disabled={busy !== undefined}
                        aria-label={`Acknowledge ${page.incidentId}`}
                        onClick={() => acknowledge(page)}
                      >
                        Acknowledge
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ))}
    </IncidentsLayout>
  );
}
