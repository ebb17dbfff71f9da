import useAsync from 'react-use/esm/useAsync';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { DurationFigure } from '@lookout/plugin-incidents-common';
import { insightsApiRef } from '../../../api/insights';
import { formatFigureSeconds, formatShare } from '../format';

const DAY_MS = 86_400_000;

/** A service's headline figures over the last 28 days; the Insights page has the rest. */
export function EntityInsightsCard() {
  const { entity } = useEntity();
  const insightsApi = useApi(insightsApiRef);
  const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const { value, loading, error } = useAsync(() => {
    const to = new Date();
    return insightsApi.getInsights({
      entityRef,
      from: new Date(to.getTime() - 28 * DAY_MS).toISOString(),
      to: to.toISOString(),
    });
  }, [insightsApi, entityRef]);

  const row = (label: string, figure: DurationFigure) => (
    <TableRow key={label}>
      <TableCell>{label}</TableCell>
      <TableCell>
        median {formatFigureSeconds(figure.median)} · p90{' '}
        {formatFigureSeconds(figure.p90)} · n {figure.n}
      </TableCell>
    </TableRow>
  );
  return (
    <InfoCard title="Insights (28 days)">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <>
          <Typography variant="body2" color="textSecondary">
            {value.incidents.n} incidents; medians, p90 and counts.
          </Typography>
          <Table size="small" aria-label="Insights of this service">
            <TableBody>
              {row('Time to first page', value.response.firstPage)}
              {row('Time to acknowledge', value.response.acknowledged)}
              {row('Time to resolve', value.resolve.resolved)}
              {row(
                'Recovery from a failed change',
                value.changeFailure.timeToRecover,
              )}
              <TableRow>
                <TableCell>Change failure rate</TableCell>
                <TableCell>
                  {formatShare(value.changeFailure.rate.share)} (
                  {value.changeFailure.rate.numerator} of{' '}
                  {value.changeFailure.rate.denominator} deploys)
                </TableCell>
              </TableRow>
              <TableRow>
                <TableCell>Repeated within 30 days</TableCell>
                <TableCell>
                  {formatShare(value.recurrence.within30Days.share)} (
                  {value.recurrence.within30Days.numerator} of{' '}
                  {value.recurrence.within30Days.denominator})
                </TableCell>
              </TableRow>
            </TableBody>
          </Table>
        </>
      )}
    </InfoCard>
  );
}
