import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { LiveStatus } from '@lookout/plugin-incidents-common';

/** The Statuspage vocabulary as people read it. */
export const LIVE_STATUS_LABELS: Record<LiveStatus, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

// The colours status pages use: green, blue for planned work, then yellow to red as it worsens.
const useStyles = makeStyles(theme => ({
  chip: { fontWeight: 600 },
  operational: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.getContrastText(theme.palette.success.main),
  },
  under_maintenance: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.getContrastText(theme.palette.info.main),
  },
  degraded_performance: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.getContrastText(theme.palette.warning.main),
  },
  partial_outage: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.getContrastText(theme.palette.error.main),
  },
  major_outage: {
    backgroundColor: theme.palette.error.dark,
    color: theme.palette.getContrastText(theme.palette.error.dark),
  },
}));

/** An entity's live status as a coloured chip with its human label. */
export function LiveStatusChip(props: {
  status: LiveStatus;
  size?: 'small' | 'medium';
}) {
  const classes = useStyles();
  return (
    <Chip
      size={props.size ?? 'small'}
      label={LIVE_STATUS_LABELS[props.status]}
      className={`${classes.chip} ${classes[props.status]}`}
    />
  );
}
