import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { DurationFigure } from '@lookout/plugin-incidents-common';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { FigureTable } from '../FigureTable';
import { formatFigureSeconds } from '../format';

/**
 * One duration figure: median, p90 and n with its definition, the weekly trend of median and
 * p90 against the mission's target, and the weekly numbers as a table with its CSV.
 */
export function DurationFigureCard(props: {
  title: string;
  figure: DurationFigure;
  /** Names the CSV file: `<filename>.csv`. */
  filename: string;
}) {
  const { title, figure } = props;
  return (
    <InfoCard title={title} subheader={figure.definition}>
      <Typography variant="h6" component="p">
        Median {formatFigureSeconds(figure.median)} · p90{' '}
        {formatFigureSeconds(figure.p90)} · n {figure.n}
        {figure.targetSeconds !== undefined &&
          ` · target ${formatFigureSeconds(figure.targetSeconds)}`}
      </Typography>
      <Box height={220} mt={1}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={figure.weekly}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="week" />
            <YAxis
              tickFormatter={value => formatFigureSeconds(Number(value))}
            />
            <Tooltip
              formatter={value =>
                formatFigureSeconds(value === null ? null : Number(value))
              }
            />
            <Legend />
            <Line
              type="monotone"
              dataKey="median"
              name="Median"
              stroke="#1f77b4"
              connectNulls
            />
            <Line
              type="monotone"
              dataKey="p90"
              name="p90"
              stroke="#ff7f0e"
              connectNulls
            />
            {figure.targetSeconds !== undefined && (
              <ReferenceLine
                y={figure.targetSeconds}
                stroke="#d62728"
                strokeDasharray="6 3"
                label="Target"
              />
            )}
          </LineChart>
        </ResponsiveContainer>
      </Box>
      <FigureTable
        label={`${title} by week`}
        filename={`${props.filename}.csv`}
        headers={['Week', 'Median', 'p90', 'n']}
        rows={figure.weekly.map(w => [
          w.week,
          formatFigureSeconds(w.median),
          formatFigureSeconds(w.p90),
          w.n,
        ])}
        csvRows={[
          ['all', figure.median, figure.p90, figure.n],
          ...figure.weekly.map(w => [w.week, w.median, w.p90, w.n]),
        ]}
      />
    </InfoCard>
  );
}
