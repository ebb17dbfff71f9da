import { FormEvent, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { DateTime } from 'luxon';
import { incidentCreatePermission } from '@lookout/plugin-incidents-common';
import { PermittedAction } from '../../shared/PermittedAction';
import { TimeRangeFields, useTimeRange } from '../../shared/TimeRangeFields';

/** A window starts now and lasts an hour unless the user says otherwise. */
function defaults() {
  const start = DateTime.now().startOf('minute');
  return { start, end: start.plus({ hours: 1 }) };
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
  const range = useTimeRange(defaults);
  const [reason, setReason] = useState('');
  const { startsAt, endsAt, ordered } = range;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!startsAt || !endsAt || !ordered || !reason.trim()) return;
    if (await props.onCreate({ startsAt, endsAt, reason: reason.trim() })) {
      range.reset();
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
      <TimeRangeFields
        range={range}
        idPrefix="maintenance"
        startLabel="Starts"
        endLabel="Ends"
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
