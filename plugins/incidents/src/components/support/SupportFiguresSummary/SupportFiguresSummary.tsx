import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { SupportFigures } from '@lookout/plugin-incidents-common';
import { formatSeconds } from '../../shared/durations';

/** The mission's target for customers notified. */
const TARGET = 0.98;

/** "98 % (41 of 42)", or a dash when nothing resolved yet. */
export function shareText(share: SupportFigures['customersNotified']): string {
  if (share.share === null) return 'no resolved reports yet';
  return `${Math.floor(share.share * 1000) / 10} % (${share.numerator} of ${
    share.denominator
  })`;
}

/** The two support figures, as numbers with their parts. */
export function SupportFiguresSummary(props: { figures: SupportFigures }) {
  const { customersNotified, escalationResolutionSeconds: time } =
    props.figures;
  const belowTarget =
    customersNotified.share !== null && customersNotified.share < TARGET;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 32 }}>
      <Box>
        <Typography variant="overline">Customers notified</Typography>
        <Typography
          variant="h6"
          color={belowTarget ? 'error' : 'textPrimary'}
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
          {time.n === 0
            ? 'none yet'
            : `median ${formatSeconds(time.median!)}, p90 ${formatSeconds(
                time.p90!,
              )} (n = ${time.n})`}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          report linked → incident resolved and reporter told
        </Typography>
      </Box>
    </Box>
  );
}
