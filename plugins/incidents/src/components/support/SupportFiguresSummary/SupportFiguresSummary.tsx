import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { SupportFigures } from '@lookout/plugin-incidents-common';
import { formatSeconds } from '../../shared/durations';

/** The mission's target for customers notified. */
export const NOTIFIED_TARGET = 0.98;

/** "98 % (41 of 42)", or a dash when nothing resolved yet. */
export function shareText(share: SupportFigures['customersNotified']): string {
  if (share.share === null) return 'no resolved reports yet';
  return `${Math.floor(share.share * 1000) / 10} % (${share.numerator} of ${
    share.denominator
  })`;
}

/** Whether a share of customers notified is measured and below the mission's 98 %. */
export function belowTarget(share: SupportFigures['customersNotified']) {
  return share.share !== null && share.share < NOTIFIED_TARGET;
}

/** "median 45m, p90 2h (n = 41)", or "none yet". */
export function durationText(
  figure: SupportFigures['escalationResolutionSeconds'],
): string {
  return figure.n === 0
    ? 'none yet'
    : `median ${formatSeconds(figure.median!)}, p90 ${formatSeconds(
        figure.p90!,
      )} (n = ${figure.n})`;
}

/** The two support figures, as numbers with their parts. */
export function SupportFiguresSummary(props: { figures: SupportFigures }) {
  const { customersNotified, escalationResolutionSeconds: time } =
    props.figures;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 32 }}>
      <Box>
        <Typography variant="overline">Customers notified</Typography>
        <Typography
          variant="h6"
          color={belowTarget(customersNotified) ? 'error' : 'textPrimary'}
          aria-label="Customers notified"
        >
          {shareText(customersNotified)}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          linked reports told of the resolution; target 98 %
        </Typography>
      </Box>
      <Box>
        <Typography variant="overline">Escalation resolution time</Typography>
        <Typography variant="h6" aria-label="Escalation resolution time">
          {durationText(time)}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          report linked → incident resolved and reporter told
        </Typography>
      </Box>
    </Box>
  );
}
