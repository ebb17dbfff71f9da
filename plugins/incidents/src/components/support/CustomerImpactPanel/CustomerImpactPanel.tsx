import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApiHolder } from '@backstage/core-plugin-api';
import {
  CustomerImpact,
  supportAgentPermission,
} from '@lookout/plugin-incidents-common';
import { SupportApi, supportApiRef } from '../../../api/support';
import { useAction, useRefresh } from '../../../hooks';
import { PermittedAction } from '../../shared/PermittedAction';

/** "41 of 42 reporters told; 1 failed: why" — the coverage sentence. */
export function coverageText(impact: CustomerImpact): string {
  const { total, told, pending, failed } = impact.coverage;
  const parts = [
    `${told} of ${total} ${total === 1 ? 'reporter' : 'reporters'} told`,
  ];
  if (pending > 0) parts.push(`${pending} on the way`);
  if (failed.length > 0) {
    parts.push(
      `${failed.length} failed: ${failed
        .map(f => `${f.provider} ${f.ticketId}: ${f.error ?? 'no answer'}`)
        .join('; ')}`,
    );
  }
  return parts.join('; ');
}

/**
 * For the incident page: who is hurt, from the linked customer reports (reports, customers,
 * organisations, first and latest report), whether every reporter heard back, and a retry for
 * the notices that failed.
 */
export function CustomerImpactPanel(props: {
  incidentId: string;
  /** Changes whenever the incident page refetches. */
  revision?: number;
}) {
  // an app that left the support API out shows no panel rather than failing the page
  const supportApi = useApiHolder().get(supportApiRef);
  return supportApi ? <Panel {...props} supportApi={supportApi} /> : null;
}

function Panel(props: {
  incidentId: string;
  revision?: number;
  supportApi: SupportApi;
}) {
  const { incidentId, revision, supportApi } = props;
  const [version, refresh] = useRefresh();
  const { run, busy, error: actionError } = useAction(refresh);
  const { value, error } = useAsync(async () => {
    const [[impact], reports] = await Promise.all([
      supportApi.impact([incidentId]),
      supportApi.listReports({ incidentId, limit: 100 }),
    ]);
    return { impact, reports: reports.items };
  }, [supportApi, incidentId, revision, version]);

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    content = <Progress />;
  } else if (value.impact.reports === 0) {
    content = <Typography>No customer has reported this incident.</Typography>;
  } else {
    const { impact, reports } = value;
    content = (
      <>
        <Typography>
          {impact.reports} {impact.reports === 1 ? 'report' : 'reports'} from{' '}
          {impact.customers} {impact.customers === 1 ? 'customer' : 'customers'}
          {impact.organizations.length > 0 &&
            ` at ${impact.organizations.join(', ')}`}
          ; first {new Date(impact.firstReportAt!).toLocaleString()}, latest{' '}
          {new Date(impact.latestReportAt!).toLocaleString()}.
        </Typography>
        <Box mt={1} display="flex" alignItems="center" style={{ gap: 16 }}>
          <Typography
            color={impact.coverage.failed.length ? 'error' : 'textPrimary'}
            aria-label="Reporters told"
          >
            {coverageText(impact)}
          </Typography>
          {impact.coverage.failed.length > 0 && (
            <PermittedAction permission={supportAgentPermission}>
              <Button
                size="small"
                variant="outlined"
                disabled={busy}
                onClick={() => run(() => supportApi.retryNotices(incidentId))}
              >
                Retry failed
              </Button>
            </PermittedAction>
          )}
        </Box>
        {actionError && (
          <Box mt={1}>
            <Alert severity="error">{actionError}</Alert>
          </Box>
        )}
        <Table size="small" aria-label="Customer reports">
          <TableHead>
            <TableRow>
              <TableCell>Ticket</TableCell>
              <TableCell>Subject</TableCell>
              <TableCell>Customer</TableCell>
              <TableCell>Organisation</TableCell>
              <TableCell>Reported</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {reports.map(report => (
              <TableRow key={report.id}>
                <TableCell>
                  {report.provider} {report.ticketId}
                </TableCell>
                <TableCell>{report.subject}</TableCell>
                <TableCell>{report.requester ?? '—'}</TableCell>
                <TableCell>{report.organization ?? '—'}</TableCell>
                <TableCell>
                  {new Date(report.reportedAt).toLocaleString()}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </>
    );
  }
  return <InfoCard title="Customer impact">{content}</InfoCard>;
}
