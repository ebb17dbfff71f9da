import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DateTime } from 'luxon';
import {
  OnCallShift,
  ScheduleShiftsResponse,
} from '@lookout/plugin-incidents-common';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    alignItems: 'center',
    marginBottom: theme.spacing(0.5),
  },
  label: { width: 160, flexShrink: 0, paddingRight: theme.spacing(1) },
  track: {
    position: 'relative',
    flexGrow: 1,
    height: 28,
    background: theme.palette.action.hover,
    borderRadius: 4,
    overflow: 'hidden',
  },
  bar: {
    position: 'absolute',
    top: 2,
    bottom: 2,
    borderRadius: 3,
    color: '#fff',
    fontSize: 12,
    lineHeight: '24px',
    paddingLeft: 4,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    textOverflow: 'ellipsis',
    boxSizing: 'border-box',
    borderRight: '1px solid rgba(255,255,255,0.6)',
  },
  override: {
    backgroundImage:
      'repeating-linear-gradient(45deg, rgba(255,255,255,0.25) 0 6px, transparent 6px 12px)',
  },
  tick: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    borderLeft: `1px solid ${theme.palette.divider}`,
    fontSize: 11,
    paddingLeft: 2,
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
  },
}));

/** Colour-blind-safe hues (Okabe–Ito), one per person, stable across rows. */
const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#7F7F7F',
  '#8C564B',
];

function colourOf(userRef: string): string {
  let hash = 0;
  for (const char of userRef) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length];
}

/** The part after the slash, when the catalog gave no name. */
function shortName(userRef: string): string {
  return userRef.slice(userRef.indexOf('/') + 1);
}

/**
 * A schedule over a range, one row per layer, the overrides, and the final row of who is
 * actually on call. Day lines are drawn at midnight in the schedule's time zone.
 */
export function ScheduleTimeline(props: {
  shifts: ScheduleShiftsResponse;
  timeZone: string;
  /** Display names by user ref. */
  names?: Record<string, string>;
}) {
  const classes = useStyles();
  const { shifts, timeZone, names = {} } = props;
  const from = Date.parse(shifts.from);
  const to = Date.parse(shifts.to);
  const span = to - from;
  const name = (userRef: string) => names[userRef] ?? shortName(userRef);
  const local = (iso: string) =>
    DateTime.fromISO(iso, { zone: timeZone }).toFormat('ccc d LLL HH:mm');

  const days: DateTime[] = [];
  for (
    let day = DateTime.fromMillis(from, { zone: timeZone }).startOf('day');
    day.toMillis() < to;
    day = day.plus({ days: 1 })
  ) {
    if (day.toMillis() >= from) days.push(day);
  }

  const rows: Array<{
    label: string;
    shifts: OnCallShift[];
    emphasis?: boolean;
  }> = [
    ...shifts.layers.map(layer => ({
      label: layer.name,
      shifts: layer.shifts,
    })),
    {
      label: 'Overrides',
      shifts: shifts.overrides.map(o => ({
        scheduleId: '',
        userRef: o.userRef,
        startsAt: o.startsAt,
        endsAt: o.endsAt,
        source: 'override',
      })),
    },
    { label: 'On call', shifts: shifts.final, emphasis: true },
  ];

  const bar = (shift: OnCallShift, index: number) => {
    const start = Math.max(Date.parse(shift.startsAt), from);
    const end = Math.min(Date.parse(shift.endsAt), to);
    if (end <= start) return null;
    const text = `${name(shift.userRef)}, ${local(shift.startsAt)} – ${local(
      shift.endsAt,
    )}${shift.source === 'override' ? ' (override)' : ''}`;
    return (
      <div
        key={`${shift.userRef}-${shift.startsAt}-${index}`}
        role="listitem"
        aria-label={text}
        title={text}
        className={`${classes.bar} ${
          shift.source === 'override' ? classes.override : ''
        }`}
        style={{
          left: `${((start - from) / span) * 100}%`,
          width: `${((end - start) / span) * 100}%`,
          background: colourOf(shift.userRef),
        }}
      >
        {name(shift.userRef)}
      </div>
    );
  };

  return (
    <Box>
      <div className={classes.row} aria-hidden>
        <div className={classes.label} />
        <div className={classes.track} style={{ background: 'none' }}>
          {days.map(day => (
            <span
              key={day.toISODate()}
              className={classes.tick}
              style={{ left: `${((day.toMillis() - from) / span) * 100}%` }}
            >
              {day.toFormat('ccc d')}
            </span>
          ))}
        </div>
      </div>
      {rows.map(row => (
        <div key={row.label} className={classes.row}>
          <Typography
            className={classes.label}
            variant="body2"
            style={row.emphasis ? { fontWeight: 600 } : undefined}
          >
            {row.label}
          </Typography>
          <div className={classes.track} role="list" aria-label={row.label}>
            {row.shifts.map(bar)}
          </div>
        </div>
      ))}
      <Typography variant="caption" color="textSecondary">
        Times in {timeZone}. Later layers win where they are active; overrides
        win over every layer.
      </Typography>
    </Box>
  );
}
