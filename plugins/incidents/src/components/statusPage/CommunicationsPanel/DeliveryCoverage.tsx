import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { statusPageApiRef } from '../../../api/statuspage';

/**
 * For each update of a public incident, the share of its subscribers it reached: those of the
 * page and of its affected components when it was published.
 */
export function DeliveryCoverage(props: {
  publicIncidentId: string;
  revision: number;
}) {
  const statusPageApi = useApi(statusPageApiRef);
  const { value, error, loading } = useAsync(
    () => statusPageApi.getCoverage(props.publicIncidentId),
    [statusPageApi, props.publicIncidentId, props.revision],
  );
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return loading ? <Progress /> : null;
  return (
    <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      {value.map(c => {
        const percent = Math.round(c.share * 100);
        return (
          <Box component="li" key={c.updateId} mb={1}>
            <Typography variant="body2">
              <strong>{c.status}</strong> (
              {new Date(c.createdAt).toLocaleString()}):{' '}
              {c.total === 0
                ? 'no subscribers to reach'
                : `${c.delivered} of ${
                    c.total
                  } subscribers reached (${percent} %)${
                    c.pending ? `, ${c.pending} pending` : ''
                  }${c.failed ? `, ${c.failed} failed` : ''}`}
            </Typography>
            <LinearProgress
              variant="determinate"
              value={percent}
              aria-label={`Delivery coverage of the ${c.status} update: ${percent} %`}
            />
          </Box>
        );
      })}
    </Box>
  );
}
