import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { ReactNode } from 'react';
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

/** One line of a figure's weekly chart. */
export interface FigureLine {
  dataKey: string;
  name: string;
  color: string;
}

/**
 * A figure as a card: its headline numbers and definition, the weekly trend against the
 * mission's target, and the weekly numbers as a table with its CSV. Duration and share cards
 * differ only in what they pass here.
 */
export function FigureCard<W extends { week: string }>(props: {
  title: string;
  definition: string;
  headline: ReactNode;
  weekly: W[];
  lines: FigureLine[];
  target?: number;
  /** The y-axis: tick labels, and where the ticks go (recharts picks them when left out). */
  axis: {
    format: (value: number) => string;
    ticks?: number[];
    domain?: [number, number];
    width?: number;
  };
  /** The values as the tooltip shows them. */
  format: (value: number | null) => string;
  /** Names the CSV file: `<filename>.csv`. */
  filename: string;
  table: { headers: string[]; rows: ReactNode[][]; csvRows: unknown[][] };
  /** Shown under the table, such as the steps a share counts. */
  children?: ReactNode;
}) {
  const { title, axis } = props;
  return (
    <InfoCard title={title} subheader={props.definition}>
      <Typography variant="h6" component="p">
        {props.headline}
      </Typography>
      <Box height={220} mt={1}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={props.weekly}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="week" />
            <YAxis
              width={axis.width ?? 56}
              ticks={axis.ticks}
              domain={axis.domain}
              tickFormatter={value => axis.format(Number(value))}
            />
            <Tooltip
              formatter={value =>
                props.format(value === null ? null : Number(value))
              }
            />
            {props.lines.length > 1 && <Legend />}
            {props.lines.map(line => (
              <Line
                key={line.dataKey}
                type="monotone"
                dataKey={line.dataKey}
                name={line.name}
                stroke={line.color}
                connectNulls
              />
            ))}
            {props.target !== undefined && (
              <ReferenceLine
                y={props.target}
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
        {...props.table}
      />
      {props.children}
    </InfoCard>
  );
}
