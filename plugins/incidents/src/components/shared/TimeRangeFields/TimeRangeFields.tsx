import { useState } from 'react';
import TextField from '@material-ui/core/TextField';
import { DateTime } from 'luxon';

/** What `datetime-local` inputs read and write: the viewer's local time, to the minute. */
const LOCAL_FORMAT = "yyyy-MM-dd'T'HH:mm";

function toIso(local: string): string | undefined {
  const time = DateTime.fromISO(local);
  return time.isValid ? time.toUTC().toISO() ?? undefined : undefined;
}

function format(range: { start: DateTime; end: DateTime }) {
  return {
    startsAt: range.start.toFormat(LOCAL_FORMAT),
    endsAt: range.end.toFormat(LOCAL_FORMAT),
  };
}

export type TimeRange = ReturnType<typeof useTimeRange>;

/**
 * A start and an end as two `datetime-local` inputs hold them, read back as ISO 8601 in UTC,
 * and whether the end comes after the start. `initial` gives the range a form opens with and
 * returns to on `reset`.
 */
export function useTimeRange(
  initial: () => { start: DateTime; end: DateTime },
) {
  const [times, setTimes] = useState(() => format(initial()));
  const startsAt = toIso(times.startsAt);
  const endsAt = toIso(times.endsAt);
  return {
    times,
    setTimes,
    startsAt,
    endsAt,
    ordered: Boolean(startsAt && endsAt && endsAt > startsAt),
    reset: () => setTimes(format(initial())),
  };
}

/** The two inputs of a {@link useTimeRange}; the end says so when it is not after the start. */
export function TimeRangeFields(props: {
  range: TimeRange;
  /** Prefix of the inputs' ids: `${idPrefix}-starts` and `${idPrefix}-ends`. */
  idPrefix: string;
  startLabel: string;
  endLabel: string;
}) {
  const { times, setTimes, ordered } = props.range;
  return (
    <>
      <TextField
        id={`${props.idPrefix}-starts`}
        label={props.startLabel}
        type="datetime-local"
        InputLabelProps={{ shrink: true }}
        value={times.startsAt}
        onChange={e => setTimes({ ...times, startsAt: e.target.value })}
      />
      <TextField
        id={`${props.idPrefix}-ends`}
        label={props.endLabel}
        type="datetime-local"
        InputLabelProps={{ shrink: true }}
        value={times.endsAt}
        error={!ordered}
        helperText={ordered ? undefined : 'Must be after the start'}
        onChange={e => setTimes({ ...times, endsAt: e.target.value })}
      />
    </>
  );
}
