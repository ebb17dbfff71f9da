import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  IncidentInsights,
  IncidentSource,
  INSIGHTS_STATUSES,
  Severity,
} from '@lookout/plugin-incidents-common';
import { DateTime } from 'luxon';
import { insightsApiRef } from '../../../api/insights';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';
import { SeverityFilter } from '../../shared/SeverityFilter';
import { DurationFigureCard } from '../DurationFigureCard';
import { FigureTable } from '../FigureTable';
import { formatFigureSeconds } from '../format';
import { OnCallLoadCard } from '../OnCallLoadCard';
import { ShareFigureCard } from '../ShareFigureCard';

const SOURCES: Array<[IncidentSource | '', string]> = [
  ['', 'Any source'],
  ['alert', 'Opened by an alert'],
  ['manual', 'Declared'],
  ['support', 'From support'],
];

/** Whole UTC days, both ends included, the last 28 by default. */
function defaultRange() {
  const today = DateTime.utc().startOf('day');
  return {
    from: today.minus({ days: 27 }).toISODate()!,
    to: today.toISODate()!,
  };
}

/** The request for the days `from` to `to`, both included. */
function rangeOf(from: string, to: string) {
  const start = DateTime.fromISO(from, { zone: 'utc' });
  const end = DateTime.fromISO(to, { zone: 'utc' }).plus({ days: 1 });
  return start.isValid && end.isValid && end > start
    ? { from: start.toISO()!, to: end.toISO()! }
    : undefined;
}

/**
 * The mission's figures with their filters: a date range, severity and source always; team
 * and entity unless the page fixes them (an entity's tab, a service's card).
 */
export function InsightsDashboard(props: {
  /** Fixed by the page: the filter is not offered. */
  groupRef?: string;
  entityRef?: string;
  /** Where the scope filters start on the global page (a digest's link). */
  initialGroupRef?: string;
}) {
  const fixed = Boolean(props.groupRef || props.entityRef);
  const [days, setDays] = useState(defaultRange);
  const [severity, setSeverity] = useState<Severity[]>([]);
  const [source, setSource] = useState<IncidentSource | ''>('');
  const [groupRef, setGroupRef] = useState<string | null>(
    props.initialGroupRef ?? null,
  );
  const [entityRef, setEntityRef] = useState<string | null>(null);
  const insightsApi = useApi(insightsApiRef);
  const range = rangeOf(days.from, days.to);

  const scope = {
    groupRef: props.groupRef ?? (fixed ? undefined : groupRef ?? undefined),
    entityRef: props.entityRef ?? (fixed ? undefined : entityRef ?? undefined),
  };
  const { value, loading, error } = useAsync(async () => {
    if (!range) return undefined;
    return insightsApi.getInsights({
      ...range,
      ...scope,
      severity: severity.length ? severity : undefined,
      source: source ? [source] : undefined,
    });
  }, [
    insightsApi,
    range?.from,
    range?.to,
    scope.groupRef,
    scope.entityRef,
    severity.join(),
    source,
  ]);

  return (
    <Box>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        mb={2}
        style={{ gap: 16 }}
      >
        <TextField
          id="insights-from"
          label="From"
          type="date"
          InputLabelProps={{ shrink: true }}
          value={days.from}
          onChange={e => setDays({ ...days, from: e.target.value })}
        />
        <TextField
          id="insights-to"
          label="To"
          type="date"
          InputLabelProps={{ shrink: true }}
          value={days.to}
          error={!range}
          helperText={
            range ? undefined : 'The end must not be before the start'
          }
          onChange={e => setDays({ ...days, to: e.target.value })}
        />
        <SeverityFilter value={severity} onChange={setSeverity} />
        <TextField
          id="insights-source"
          select
          label="Source"
          value={source}
          onChange={e => setSource(e.target.value as IncidentSource | '')}
          style={{ minWidth: 180 }}
        >
          {SOURCES.map(([code, label]) => (
            <MenuItem key={code} value={code}>
              {label}
            </MenuItem>
          ))}
        </TextField>
        {!fixed && (
          <>
            <Box minWidth={240}>
              <CatalogEntityPicker
                id="insights-team"
                label="Team (with its sub-teams)"
                kinds={['Group']}
                value={groupRef}
                onChange={setGroupRef}
              />
            </Box>
            <Box minWidth={240}>
              <CatalogEntityPicker
                id="insights-entity"
                label="System, domain or component"
                kinds={['Domain', 'System', 'Component']}
                value={entityRef}
                onChange={setEntityRef}
              />
            </Box>
          </>
        )}
      </Box>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && !error && (
        <InsightsFigures
          insights={value}
          filename={`insights-${days.from}-${days.to}`}
        />
      )}
    </Box>
  );
}

/** Every figure, in the order the mission names them. */
export function InsightsFigures(props: {
  insights: IncidentInsights;
  filename: string;
}) {
  const { insights: i, filename } = props;
  const name = (figure: string) => `${filename}-${figure}`;
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
      <Grid item xs={12} md={4}>
        <DurationFigureCard
          title="Time to first page"
          figure={i.response.firstPage}
          filename={name('time-to-first-page')}
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <DurationFigureCard
          title="Time to triage"
          figure={i.response.triageReady}
          filename={name('time-to-triage')}
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <DurationFigureCard
          title="Time to acknowledge"
          figure={i.response.acknowledged}
          filename={name('time-to-acknowledge')}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <DurationFigureCard
          title="Time to resolve"
          figure={i.resolve.resolved}
          filename={name('time-to-resolve')}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Time in each status"
          subheader={i.resolve.inStatus.triage.definition}
        >
          <FigureTable
            label="Time in each status"
            filename={`${name('time-in-status')}.csv`}
            headers={['Status', 'Median', 'p90', 'n']}
            rows={INSIGHTS_STATUSES.map(status => [
              status,
              formatFigureSeconds(i.resolve.inStatus[status].median),
              formatFigureSeconds(i.resolve.inStatus[status].p90),
              i.resolve.inStatus[status].n,
            ])}
            csvRows={INSIGHTS_STATUSES.map(status => [
              status,
              i.resolve.inStatus[status].median,
              i.resolve.inStatus[status].p90,
              i.resolve.inStatus[status].n,
            ])}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <ShareFigureCard
          title="Customers notified"
          figure={i.customersNotified.statusPage}
          filename={name('customers-notified')}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <ShareFigureCard
          title="Automation coverage"
          figure={i.automation}
          filename={name('automation')}
        >
          <FigureTable
            label="Response steps"
            filename={`${name('automation-steps')}.csv`}
            headers={['Step', 'By Lookout', 'By people', 'What counts']}
            rows={i.automation.steps.map(s => [
              s.step,
              s.automated,
              s.manual,
              s.counts,
            ])}
            csvRows={i.automation.steps.map(s => [
              s.step,
              s.automated,
              s.manual,
              s.counts,
            ])}
          />
        </ShareFigureCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <ShareFigureCard
          title="Recurrence within 30 days"
          figure={i.recurrence.within30Days}
          filename={name('recurrence-30-days')}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <ShareFigureCard
          title="Recurrence within 90 days"
          figure={i.recurrence.within90Days}
          filename={name('recurrence-90-days')}
        >
          <FigureTable
            label="Action items behind repeats"
            filename={`${name('recurrence-action-items')}.csv`}
            headers={['Done', 'Open', 'Overdue']}
            rows={[
              [
                i.recurrence.actionItems.done,
                i.recurrence.actionItems.open,
                i.recurrence.actionItems.overdue,
              ],
            ]}
            csvRows={[
              [
                i.recurrence.actionItems.done,
                i.recurrence.actionItems.open,
                i.recurrence.actionItems.overdue,
              ],
            ]}
          />
          <Typography variant="body2" color="textSecondary">
            {i.recurrence.actionItems.definition}
          </Typography>
        </ShareFigureCard>
      </Grid>
      <Grid item xs={12}>
        <OnCallLoadCard load={i.onCallLoad} filename={name('on-call-load')} />
      </Grid>
      <Grid item xs={12} md={6}>
        <ShareFigureCard
          title={`Change failure rate (${i.changeFailure.windowHours} h window)`}
          figure={i.changeFailure.rate}
          filename={name('change-failure-rate')}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <DurationFigureCard
          title="Time to recover from a failed change"
          figure={i.changeFailure.timeToRecover}
          filename={name('time-to-recover')}
        />
      </Grid>
    </Grid>
  );
}
