import { DurationFigure } from '@lookout/plugin-incidents-common';
import { FigureCard } from '../FigureCard';
import {
  durationTicks,
  formatAxisSeconds,
  formatFigureSeconds,
} from '../format';

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
  // ticks on round durations, so a long tail reads "2 h", "4 h" rather than "7200"
  const ticks = durationTicks([
    ...figure.weekly.flatMap(w => [w.median, w.p90]),
    figure.targetSeconds ?? null,
  ]);
  return (
    <FigureCard
      title={title}
      definition={figure.definition}
      headline={
        <>
          Median {formatFigureSeconds(figure.median)} · p90{' '}
          {formatFigureSeconds(figure.p90)} · n {figure.n}
          {figure.targetSeconds !== undefined &&
            ` · target ${formatFigureSeconds(figure.targetSeconds)}`}
        </>
      }
      weekly={figure.weekly}
      lines={[
        { dataKey: 'median', name: 'Median', color: '#1f77b4' },
        { dataKey: 'p90', name: 'p90', color: '#ff7f0e' },
      ]}
      target={figure.targetSeconds}
      axis={{
        format: formatAxisSeconds,
        ticks,
        domain: [0, ticks[ticks.length - 1]],
      }}
      format={formatFigureSeconds}
      filename={props.filename}
      table={{
        headers: ['Week', 'Median', 'p90', 'n'],
        rows: figure.weekly.map(w => [
          w.week,
          formatFigureSeconds(w.median),
          formatFigureSeconds(w.p90),
          w.n,
        ]),
        csvRows: [
          ['all', figure.median, figure.p90, figure.n],
          ...figure.weekly.map(w => [w.week, w.median, w.p90, w.n]),
        ],
      }}
    />
  );
}
