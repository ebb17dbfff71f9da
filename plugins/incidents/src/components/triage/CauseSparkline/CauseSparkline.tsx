import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { TelemetrySeries } from '@lookout/plugin-incidents-common';
import { Line, LineChart, ReferenceLine, YAxis } from 'recharts';

const NAMES: Record<TelemetrySeries['metric'], string> = {
  error_ratio: 'error ratio',
  latency: 'latency',
};

/**
 * One metric of a probable cause around the onset, as a small chart beside it: the line, the
 * top of its normal range dashed, and when it left that range in words (for screen readers too).
 */
export function CauseSparkline(props: { series: TelemetrySeries }) {
  const { series } = props;
  const data = series.points.map(([t, v]) => ({ t, v }));
  const left = series.departedAt
    ? `left its normal range at ${new Date(
        series.departedAt,
      ).toLocaleTimeString()}`
    : 'within its normal range';
  return (
    <Box
      display="inline-flex"
      alignItems="center"
      mr={2}
      role="img"
      aria-label={`${NAMES[series.metric]}: ${left}`}
    >
      <LineChart width={120} height={32} data={data}>
        <YAxis hide domain={['auto', 'auto']} />
        <ReferenceLine y={series.normalMax} strokeDasharray="3 3" />
        <Line
          type="monotone"
          dataKey="v"
          dot={false}
          isAnimationActive={false}
          strokeWidth={1.5}
          stroke={series.departedAt ? '#d32f2f' : '#1976d2'}
        />
      </LineChart>
      <Typography variant="caption" color="textSecondary">
        {NAMES[series.metric]} {series.departedAt ? `↑ ${left}` : ''}
      </Typography>
    </Box>
  );
}
