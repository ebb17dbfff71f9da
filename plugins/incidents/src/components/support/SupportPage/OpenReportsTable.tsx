import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  SupportReport,
  supportAgentPermission,
} from '@lookout/plugin-incidents-common';
import { IncidentLink } from '../../incidents/IncidentLink';
import { PermittedAction } from '../../shared/PermittedAction';
import { SupportTable, useTableStyles } from '../SupportTable';
import { TicketLink } from './TicketLink';

/** The inbox: open reports with Lookout's best suggestion, to link to it or escalate. */
export function OpenReportsTable(props: {
  reports: SupportReport[];
  busy: boolean;
  onLink: (report: SupportReport, incidentId: string) => void;
  onEscalate: (report: SupportReport) => void;
}) {
  const { reports, busy, onLink, onEscalate } = props;
  const classes = useTableStyles();
  return (
    <SupportTable
      label="Open reports"
      head={[
        'Ticket',
        'Subject',
        'Organisation',
        'Names',
        'Most likely incident',
        '',
      ]}
    >
      {reports.map(report => {
        const best = report.suggestions[0];
        return (
          <TableRow key={report.id}>
            <TableCell className={classes.nowrap}>
              <TicketLink report={report} />
            </TableCell>
            <TableCell className={classes.text}>{report.subject}</TableCell>
            <TableCell className={classes.text}>
              {report.organization ?? '—'}
            </TableCell>
            <TableCell className={classes.nowrap}>
              {report.entityRefs.length === 0
                ? '—'
                : report.entityRefs.slice(0, 2).map(ref => (
                    <div key={ref}>
                      <EntityRefLink entityRef={ref} />
                    </div>
                  ))}
            </TableCell>
            <TableCell>
              {best ? (
                <>
                  <IncidentLink id={best.incidentId} />{' '}
                  {Math.round(best.confidence * 100)} %
                  <Typography
                    variant="caption"
                    display="block"
                    color="textSecondary"
                    className={classes.reasons}
                  >
                    {best.reasons.join('; ')}
                  </Typography>
                </>
              ) : (
                'none'
              )}
            </TableCell>
            <TableCell className={classes.nowrap}>
              <Box display="flex" style={{ gap: 8 }}>
                {best && (
                  <PermittedAction permission={supportAgentPermission}>
                    <Button
                      size="small"
                      variant="outlined"
                      disabled={busy}
                      onClick={() => onLink(report, best.incidentId)}
                    >
                      Link to {best.incidentId}
                    </Button>
                  </PermittedAction>
                )}
                <PermittedAction permission={supportAgentPermission}>
                  <Button
                    size="small"
                    color="secondary"
                    variant="outlined"
                    disabled={busy}
                    onClick={() => onEscalate(report)}
                  >
                    Escalate
                  </Button>
                </PermittedAction>
              </Box>
            </TableCell>
          </TableRow>
        );
      })}
    </SupportTable>
  );
}
