import { ReactNode } from 'react';
import Grid from '@material-ui/core/Grid';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { SupportFigures, SupportShare } from '@lookout/plugin-incidents-common';
import { belowTarget, durationText, shareText } from '../SupportFiguresSummary';
import { SupportTable, useTableStyles } from '../SupportTable';

type Row = Pick<
  SupportFigures['byTeam'][number],
  'customersNotified' | 'escalationResolutionSeconds'
>;

/** The share, and in words whether it meets the 98 % target (colour alone says nothing to some). */
function NotifiedCell(props: { share: SupportShare }) {
  const below = belowTarget(props.share);
  return (
    <TableCell>
      <Typography
        variant="body2"
        component="span"
        color={below ? 'error' : 'textPrimary'}
      >
        {shareText(props.share)}
        {below ? ' — below the 98 % target' : ''}
      </Typography>
    </TableCell>
  );
}

function FigureTable(props: {
  label: string;
  first: string;
  rows: Array<{ key: string; name: ReactNode; figures: Row }>;
}) {
  const classes = useTableStyles();
  if (props.rows.length === 0) {
    return (
      <Typography color="textSecondary">
        No report was linked in this period.
      </Typography>
    );
  }
  return (
    <SupportTable
      label={props.label}
      head={[props.first, 'Customers notified', 'Escalation resolution time']}
    >
      {props.rows.map(row => (
        <TableRow key={row.key}>
          <TableCell className={classes.nowrap}>{row.name}</TableCell>
          <NotifiedCell share={row.figures.customersNotified} />
          <TableCell>
            {durationText(row.figures.escalationResolutionSeconds)}
          </TableCell>
        </TableRow>
      ))}
    </SupportTable>
  );
}

/** The two support figures per owning team and per week, as `GET /support/figures` gives them. */
export function SupportFiguresBreakdown(props: { figures: SupportFigures }) {
  const { byTeam, weekly } = props.figures;
  const sections = [
    {
      title: 'By team',
      label: 'Support figures by team',
      first: 'Team',
      rows: byTeam.map(team => ({
        key: team.groupRef ?? '(none)',
        name: team.groupRef ? (
          <EntityRefLink entityRef={team.groupRef} defaultKind="group" />
        ) : (
          'no owner'
        ),
        figures: team,
      })),
    },
    {
      title: 'By week',
      label: 'Support figures by week',
      first: 'Week of',
      rows: weekly.map(week => ({
        key: week.weekStart,
        name: week.weekStart.slice(0, 10),
        figures: week,
      })),
    },
  ];
  return (
    <Grid container spacing={3}>
      {sections.map(({ title, ...table }) => (
        <Grid item xs={12} md={6} key={title}>
          <Typography variant="subtitle2" gutterBottom>
            {title}
          </Typography>
          <FigureTable {...table} />
        </Grid>
      ))}
    </Grid>
  );
}
