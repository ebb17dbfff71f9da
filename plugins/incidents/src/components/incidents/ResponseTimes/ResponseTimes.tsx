import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { DateTime } from 'luxon';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { incidentsApiRef } from '../../../api/incidents';
import { useIncidentsSignal, useRefresh } from '../../../hooks';
import { formatMeanSeconds } from '../../shared/durations';

export interface ResponseTimesProps {
  /** Whose incidents: those on one entity, or on everything a group owns. */
  scope: { entityRef: string } | { ownerRef: string };
  /** The window, ending now. */
  days: number;
}

function Figure(props: { abbr: string; name: string; value: string }) {
  return (
    <Box mr={4}>
      <Typography variant="overline" component="div">
        <abbr title={props.name}>{props.abbr}</abbr>
      </Typography>
      <Typography variant="h5" component="div">
        {props.value}
      </Typography>
    </Box>
  );
}

/** Mean time to acknowledge and to resolve over the last `days`, as the backend derives them. */
export function ResponseTimes(props: ResponseTimesProps) {
  const { scope, days } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const entityRef = 'entityRef' in scope ? scope.entityRef : undefined;
  const ownerRef = 'ownerRef' in scope ? scope.ownerRef : undefined;
  const [version, refresh] = useRefresh();
  // Which entities a group owns is the backend's to know, so a team refreshes on every change.
  useIncidentsSignal(
    refresh,
    s => !entityRef || s.entityRefs.includes(entityRef),
  );

  const { value, error } = useAsync(() => {
    const to = DateTime.utc();
    return incidentsApi.getMetrics({
      entityRef,
      ownerRef,
      from: to.minus({ days }).toISO(),
      to: to.toISO(),
    });
  }, [incidentsApi, entityRef, ownerRef, days, version]);

  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value) {
    return <Progress />;
  }
  return (
    <Box display="flex" alignItems="flex-end" flexWrap="wrap">
      <Figure
        abbr="MTTA"
        name="Mean time to acknowledge"
        value={formatMeanSeconds(value.mttaSeconds)}
      />
      <Figure
        abbr="MTTR"
        name="Mean time to resolve"
        value={formatMeanSeconds(value.mttrSeconds)}
      />
      <Typography variant="body2" color="textSecondary">
        Last {days} days · {value.count}{' '}
        {value.count === 1 ? 'incident' : 'incidents'}
      </Typography>
    </Box>
  );
}
