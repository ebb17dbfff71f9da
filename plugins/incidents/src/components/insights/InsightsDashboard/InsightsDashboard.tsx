import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { IncidentSource, Severity } from '@lookout/plugin-incidents-common';
import { DateTime } from 'luxon';
import { insightsApiRef } from '../../../api/insights';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';
import { SeverityFilter } from '../../shared/SeverityFilter';
import { InsightsFigures } from './InsightsFigures';

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

export { InsightsFigures };
