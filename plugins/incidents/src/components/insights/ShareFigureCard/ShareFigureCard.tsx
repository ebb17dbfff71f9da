import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { ShareFigure } from '@lookout/plugin-incidents-common';
import { ReactNode } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { FigureTable } from '../FigureTable';
import { formatShare } from '../format';

/**
 * One share: numerator of denominator with its definition, the weekly trend against the
 * mission's target, and the weekly numbers as a table with its CSV.
 */
export function ShareFigureCard(props: {
  title: string;
  figure: ShareFigure;
  filename: string;
  /** Shown under the table, such as the steps a share counts. */
  children?: ReactNode;
}) {
  const { title, figure } = props;
  return (
    <InfoCard title={title} subheader={figure.definition}>
      <Typography variant="h6" component="p">
        {formatShare(figure.share)} ({figure.numerator} of {figure.denominator})
        {figure.target !== undefined &&
          ` · target ${formatShare(figure.target)}`}
      </Typography>
      <Box height={220} mt={1}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={figure.weekly}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="week" />
            <YAxis
              domain={[0, 1]}
              tickFormatter={value => formatShare(Number(value))}
            />
            <Tooltip
              formatter={value =>
                formatShare(value === null ? null : Number(value))
              }
            />
            <Line
              type="monotone"
              dataKey="share"
              name="Share"
              stroke="#2ca02c"
              connectNulls
            />
            {figure.target !== undefined && (
              <ReferenceLine
                y={figure.target}
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
        headers={['Week', 'Share', 'Numerator', 'Denominator']}
        rows={figure.weekly.map(w => [
          w.week,
          formatShare(w.share),
          w.numerator,
          w.denominator,
        ])}
        csvRows={[
          ['all', figure.share, figure.numerator, figure.denominator],
          ...figure.weekly.map(w => [
            w.week,
            w.share,
            w.numerator,
            w.denominator,
          ]),
        ]}
      />
      {props.children}
    </InfoCard>
  );
}
