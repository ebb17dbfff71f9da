import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  SupportReport,
  supportAgentPermission,
} from '@lookout/plugin-incidents-common';
import { incidentsApiRef } from '../../../api/incidents';
import { supportApiRef } from '../../../api/support';
import { useAction, useIncidentsSignal, useRefresh } from '../../../hooks';
import { IncidentLink } from '../../incidents/IncidentLink';
import { IncidentsLayout } from '../../shared/IncidentsLayout';
import { PermittedAction } from '../../shared/PermittedAction';
import { StatusChip } from '../../shared/StatusChip';
import { coverageText } from '../CustomerImpactPanel';
import { SupportFiguresBreakdown } from '../SupportFiguresBreakdown';
import { SupportFiguresSummary } from '../SupportFiguresSummary';
import { SupportTable, useTableStyles } from '../SupportTable';
import { EscalateDialog } from './EscalateDialog';
import { OpenReportsTable } from './OpenReportsTable';
import { TicketLink } from './TicketLink';

/** Reports read per list; the inbox is for what is open now, not an archive. */
const PAGE = 200;

/**
 * The Support tab (`/incidents/support`): the two support figures, the inbox of open reports
 * with Lookout's suggestions (link or escalate), the incidents customers reported with whether
 * every reporter was told, the organisations affected, and the escalations and their state.
 */
export function SupportPage() {
  const supportApi = useApi(supportApiRef);
  const incidentsApi = useApi(incidentsApiRef);
  const [version, refresh] = useRefresh();
  useIncidentsSignal(refresh);
  const { run, busy, error: actionError, clearError } = useAction(refresh);
  const [escalating, setEscalating] = useState<SupportReport>();
  const classes = useTableStyles();

  const { value, error } = useAsync(async () => {
    const [open, linked, figures] = await Promise.all([
      supportApi.listReports({ status: ['open'], limit: PAGE }),
      supportApi.listReports({ status: ['linked', 'escalated'], limit: PAGE }),
      supportApi.figures(),
    ]);
    const incidentIds = [
      ...new Set(linked.items.map(r => r.incidentId!).filter(Boolean)),
    ];
    const [impacts, incidents] = await Promise.all([
      supportApi.impact(incidentIds),
      Promise.all(
        incidentIds.map(id =>
          incidentsApi.getIncident(id).catch(() => undefined),
        ),
      ),
    ]);
    return {
      open: open.items,
      linked: linked.items,
      figures,
      impacts,
      incidents: new Map(
        incidents.filter(i => i !== undefined).map(i => [i!.id, i!]),
      ),
    };
  }, [supportApi, incidentsApi, version]);

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    content = <Progress />;
  } else {
    const { open, linked, figures, impacts, incidents } = value;
    const organisations = new Map<string, { open: number; linked: number }>();
    for (const report of [...open, ...linked]) {
      if (!report.organization) continue;
      const counts = organisations.get(report.organization) ?? {
        open: 0,
        linked: 0,
      };
      if (report.incidentId) counts.linked++;
      else counts.open++;
      organisations.set(report.organization, counts);
    }
    const escalations = linked.filter(r => r.status === 'escalated');
    content = (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <InfoCard title="Support figures (last 28 days)">
            <SupportFiguresSummary figures={figures} />
            <Box mt={3}>
              <SupportFiguresBreakdown figures={figures} />
            </Box>
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <InfoCard title={`Open reports (${open.length})`}>
            {open.length === 0 ? (
              <Typography>No report waits for an agent.</Typography>
            ) : (
              <OpenReportsTable
                reports={open}
                busy={busy}
                onLink={(report, incidentId) =>
                  run(() => supportApi.linkReport(report.id, incidentId))
                }
                onEscalate={setEscalating}
              />
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={8}>
          <InfoCard title="Incidents customers reported">
            {impacts.length === 0 ? (
              <Typography>No report is linked to an incident.</Typography>
            ) : (
              <SupportTable
                label="Incidents customers reported"
                head={['Incident', 'Status', 'Reports', 'Reporters told', '']}
              >
                {impacts.map(impact => {
                  const incident = incidents.get(impact.incidentId);
                  return (
                    <TableRow key={impact.incidentId}>
                      <TableCell>
                        <IncidentLink id={impact.incidentId}>
                          {impact.incidentId}
                          {incident ? ` ${incident.title}` : ''}
                        </IncidentLink>
                      </TableCell>
                      <TableCell>
                        {incident && <StatusChip status={incident.status} />}
                      </TableCell>
                      <TableCell>
                        {impact.reports} from {impact.customers}{' '}
                        {impact.customers === 1 ? 'customer' : 'customers'}
                      </TableCell>
                      <TableCell>{coverageText(impact)}</TableCell>
                      <TableCell>
                        {impact.coverage.failed.length > 0 && (
                          <PermittedAction permission={supportAgentPermission}>
                            <Button
                              size="small"
                              disabled={busy}
                              onClick={() =>
                                run(() =>
                                  supportApi.retryNotices(impact.incidentId),
                                )
                              }
                            >
                              Retry
                            </Button>
                          </PermittedAction>
                        )}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </SupportTable>
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={4}>
          <InfoCard title="Organisations affected">
            {organisations.size === 0 ? (
              <Typography>No organisation named in the reports.</Typography>
            ) : (
              <SupportTable label="Organisations affected">
                {[...organisations.entries()]
                  .sort(
                    (a, b) =>
                      b[1].open + b[1].linked - (a[1].open + a[1].linked),
                  )
                  .map(([name, counts]) => (
                    <TableRow key={name}>
                      <TableCell className={classes.text}>{name}</TableCell>
                      <TableCell>
                        {counts.open} open, {counts.linked} linked
                      </TableCell>
                    </TableRow>
                  ))}
              </SupportTable>
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <InfoCard title="Escalations">
            {escalations.length === 0 ? (
              <Typography>No report was escalated.</Typography>
            ) : (
              <SupportTable
                label="Escalations"
                head={['Ticket', 'Escalated by', 'Incident', 'State']}
              >
                {escalations.map(report => {
                  const incident = incidents.get(report.incidentId!);
                  return (
                    <TableRow key={report.id}>
                      <TableCell className={classes.nowrap}>
                        <TicketLink report={report} />
                      </TableCell>
                      <TableCell>
                        {report.linkedBy} at{' '}
                        {new Date(report.linkedAt!).toLocaleString()}
                      </TableCell>
                      <TableCell>
                        <IncidentLink id={report.incidentId!} />
                      </TableCell>
                      <TableCell>
                        {incident && <StatusChip status={incident.status} />}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </SupportTable>
            )}
          </InfoCard>
        </Grid>
      </Grid>
    );
  }

  return (
    <IncidentsLayout
      selected="support"
      subtitle="Customer reports from the helpdesks, the incidents they belong to, and who heard back"
    >
      {actionError && (
        <Box mb={2}>
          <Alert severity="error" onClose={clearError}>
            {actionError}
          </Alert>
        </Box>
      )}
      {content}
      {escalating && (
        <EscalateDialog
          report={escalating}
          busy={busy}
          onClose={() => setEscalating(undefined)}
          onEscalate={async request => {
            if (
              await run(() => supportApi.escalateReport(escalating.id, request))
            ) {
              setEscalating(undefined);
            }
          }}
        />
      )}
    </IncidentsLayout>
  );
}
