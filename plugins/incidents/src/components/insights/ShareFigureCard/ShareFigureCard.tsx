import { ShareFigure } from '@lookout/plugin-incidents-common';
import { ReactNode } from 'react';
import { FigureCard } from '../FigureCard';
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
    <FigureCard
      title={title}
      definition={figure.definition}
      headline={
        <>
          {formatShare(figure.share)} ({figure.numerator} of{' '}
          {figure.denominator})
          {figure.target !== undefined &&
            ` · target ${formatShare(figure.target)}`}
        </>
      }
      weekly={figure.weekly}
      lines={[{ dataKey: 'share', name: 'Share', color: '#2ca02c' }]}
      target={figure.target}
      axis={{
        format: value => `${Math.round(value * 100)} %`,
        ticks: [0, 0.25, 0.5, 0.75, 1],
        domain: [0, 1],
        width: 48,
      }}
      format={formatShare}
      filename={props.filename}
      table={{
        headers: ['Week', 'Share', 'Numerator', 'Denominator'],
        rows: figure.weekly.map(w => [
          w.week,
          formatShare(w.share),
          w.numerator,
          w.denominator,
        ]),
        csvRows: [
          ['all', figure.share, figure.numerator, figure.denominator],
          ...figure.weekly.map(w => [
            w.week,
            w.share,
            w.numerator,
            w.denominator,
          ]),
        ],
      }}
    >
      {props.children}
    </FigureCard>
  );
}
