import { FormEvent, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { DateTime } from 'luxon';
import { incidentCreatePermission } from '@lookout/plugin-incidents-common';
import { PermittedAction } from '../PermittedAction';

/** What `datetime-local` inputs read and write: local time, to the minute. */
const LOCAL_FORMAT = "yyyy-MM-dd'T'HH:mm";

/** A window starts now and lasts an hour unless the user says otherwise. */
function defaults() {
  const start = DateTime.now().startOf('minute');
  return {
    startsAt: start.toFormat(LOCAL_FORMAT),
    endsAt: start.plus({ hours: 1 }).toFormat(LOCAL_FORMAT),
  };
}

function toIso(local: string): string | undefined {
  const time = DateTime.fromISO(local);
  return time.isValid ? time.toUTC().toISO() ?? undefined : undefined;
}

/** Schedules a maintenance window; resolves true when it was created, to clear the form. */
export function MaintenanceForm(props: {
  busy: boolean;
  onCreate: (window: {
    startsAt: string;
    endsAt: string;
    reason: string;
  }) => Promise<boolean>;
}) {
  const [times, setTimes] = useState(defaults);
  const [reason, setReason] = useState('');
  const startsAt = toIso(times.startsAt);
  const endsAt = toIso(times.endsAt);
  const ordered = Boolean(startsAt && endsAt && endsAt > startsAt);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!startsAt || !endsAt || !ordered || !reason.trim()) return;
    if (await props.onCreate({ startsAt, endsAt, reason: reason.trim() })) {
      setTimes(defaults());
      setReason('');
    }
  };

  return (
    <Box
      component="form"
      aria-label="Schedule maintenance"
      onSubmit={submit}
      display="flex"
      flexWrap="wrap"
      alignItems="flex-start"
      mt={2}
      style={{ gap: 16 }}
    >
      <TextField
        id="maintenance-starts"
        label="Starts"
        type="datetime-local"
        InputLabelProps={{ shrink: true }}
        value={times.startsAt}
        onChange={e => setTimes({ ...times, startsAt: e.target.value })}
      />
      <TextField
        id="maintenance-ends"
        label="Ends"
        type="datetime-local"
        InputLabelProps={{ shrink: true }}
        value={times.endsAt}
        error={!ordered}
        helperText={ordered ? undefined : 'Must be after the start'}
        onChange={e => setTimes({ ...times, endsAt: e.target.value })}
      />
      <TextField
        id="maintenance-reason"
        label="Reason"
        required
        value={reason}
        onChange={e => setReason(e.target.value)}
        inputProps={{ maxLength: 2000 }}
      />
      <PermittedAction permission={incidentCreatePermission}>
        <Button
          type="submit"
          variant="outlined"
          color="primary"
          disabled={props.busy || !ordered || !reason.trim()}
        >
          Schedule maintenance
        </Button>
      </PermittedAction>
    </Box>
  );
}
