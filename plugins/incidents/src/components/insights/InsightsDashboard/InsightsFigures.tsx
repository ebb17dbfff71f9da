import Grid, { GridSize } from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import {
  DurationFigure,
  IncidentInsights,
  INSIGHTS_STATUSES,
  ShareFigure,
} from '@lookout/plugin-incidents-common';
import { ReactNode } from 'react';
import { DurationFigureCard } from '../DurationFigureCard';
import { FigureTable } from '../FigureTable';
import { formatFigureSeconds, formatShare } from '../format';
import { OnCallLoadCard } from '../OnCallLoadCard';
import { ShareFigureCard } from '../ShareFigureCard';

/** A card of the page: its title, the figure, the CSV name, its width, and what goes under it. */
type Card = {
  title: string;
  file: string;
  md: GridSize;
  children?: ReactNode;
} & (
  | { duration: DurationFigure; share?: never }
  | { share: ShareFigure; duration?: never }
);

/** A table under a card whose rows people read as they are (counts, names). */
function PlainTable(props: {
  label: string;
  file: string;
  headers: string[];
  rows: Array<Array<string | number>>;
}) {
  return (
    <FigureTable
      label={props.label}
      filename={`${props.file}.csv`}
      headers={props.headers}
      rows={props.rows}
      csvRows={props.rows}
    />
  );
}

/** Every figure, in the order the mission names them. */
export function InsightsFigures(props: {
  insights: IncidentInsights;
  filename: string;
}) {
  const { insights: i, filename } = props;
  const name = (figure: string) => `${filename}-${figure}`;
  const { actionItems } = i.recurrence;
  const notified = i.customersNotified;
  const response: Card[] = [
    {
      title: 'Time to first page',
      duration: i.response.firstPage,
      file: 'time-to-first-page',
      md: 4,
    },
    {
      title: 'Time to triage',
      duration: i.response.triageReady,
      file: 'time-to-triage',
      md: 4,
    },
    {
      title: 'Time to acknowledge',
      duration: i.response.acknowledged,
      file: 'time-to-acknowledge',
      md: 4,
    },
    {
      title: 'Time to resolve',
      duration: i.resolve.resolved,
      file: 'time-to-resolve',
      md: 6,
    },
  ];
  const outcomes: Card[] = [
    {
      title: 'Customers notified by the status page',
      share: notified.statusPage,
      file: 'customers-notified',
      md: 6,
      children: (
        <PlainTable
          label="Customers notified, both ways"
          file={name('customers-notified-both-ways')}
          headers={['Way', 'Share', 'Told', 'Due']}
          rows={(
            [
              ['Status page', notified.statusPage],
              ['Support reporters', notified.supportReporters],
              ['Both', notified.all],
            ] as Array<[string, ShareFigure]>
          ).map(([way, share]) => [
            way,
            formatShare(share.share),
            share.numerator,
            share.denominator,
          ])}
        />
      ),
    },
    {
      title: 'Support reporters told',
      share: notified.supportReporters,
      file: 'support-reporters-told',
      md: 6,
    },
    {
      title: 'Automation coverage',
      share: i.automation,
      file: 'automation',
      md: 6,
      children: (
        <PlainTable
          label="Response steps"
          file={name('automation-steps')}
          headers={['Step', 'By Lookout', 'By people', 'What counts']}
          rows={i.automation.steps.map(s => [
            s.step,
            s.automated,
            s.manual,
            s.counts,
          ])}
        />
      ),
    },
    {
      title: 'Recurrence within 30 days',
      share: i.recurrence.within30Days,
      file: 'recurrence-30-days',
      md: 6,
    },
    {
      title: 'Recurrence within 90 days',
      share: i.recurrence.within90Days,
      file: 'recurrence-90-days',
      md: 6,
      children: (
        <>
          <PlainTable
            label="Action items behind repeats"
            file={name('recurrence-action-items')}
            headers={['Done', 'Open', 'Overdue']}
            rows={[[actionItems.done, actionItems.open, actionItems.overdue]]}
          />
          <Typography variant="body2" color="textSecondary">
            {actionItems.definition}
          </Typography>
        </>
      ),
    },
  ];
  const change: Card[] = [
    {
      title: `Change failure rate (${i.changeFailure.windowHours} h window)`,
      share: i.changeFailure.rate,
      file: 'change-failure-rate',
      md: 6,
    },
    {
      title: 'Time to recover from a failed change',
      duration: i.changeFailure.timeToRecover,
      file: 'time-to-recover',
      md: 6,
    },
  ];
  const cards = (list: Card[]) =>
    list.map(card => (
      <Grid item xs={12} md={card.md} key={card.file}>
        {card.duration ? (
          <DurationFigureCard
            title={card.title}
            figure={card.duration}
            filename={name(card.file)}
          />
        ) : (
          <ShareFigureCard
            title={card.title}
            figure={card.share!}
            filename={name(card.file)}
          >
            {card.children}
          </ShareFigureCard>
        )}
      </Grid>
    ));
  const inStatus = INSIGHTS_STATUSES.map(status => ({
    status,
    ...i.resolve.inStatus[status],
  }));

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Typography variant="body1">
          {i.incidents.n} incidents declared from {i.query.from.slice(0, 10)}{' '}
          until {i.query.to.slice(0, 10)}
          {i.query.groupRef && ` for ${i.query.groupRef} and its sub-teams`}
          {i.query.entityRef && ` on ${i.query.entityRef} and its parts`}.
          Durations are medians, 90th percentiles (p90) and counts (n), never
          means.
        </Typography>
      </Grid>
      {cards(response)}
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Time in each status"
          subheader={i.resolve.inStatus.triage.definition}
        >
          <FigureTable
            label="Time in each status"
            filename={`${name('time-in-status')}.csv`}
            headers={['Status', 'Median', 'p90', 'n']}
            rows={inStatus.map(s => [
              s.status,
              formatFigureSeconds(s.median),
              formatFigureSeconds(s.p90),
              s.n,
            ])}
            csvRows={inStatus.map(s => [s.status, s.median, s.p90, s.n])}
          />
        </InfoCard>
      </Grid>
      {cards(outcomes)}
      <Grid item xs={12}>
        <OnCallLoadCard load={i.onCallLoad} filename={name('on-call-load')} />
      </Grid>
      {cards(change)}
    </Grid>
  );
}
