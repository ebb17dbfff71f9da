import { FormEvent, useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import { DateTime } from 'luxon';
import { InfoCard } from '@backstage/core-components';
import {
  StatusComponent,
  statusPageManagePermission,
} from '@lookout/plugin-incidents-common';
import { ScheduleMaintenanceRequest } from '../../../api/statuspage';
import { PermittedAction } from '../../shared/PermittedAction';
import { TimeRangeFields, useTimeRange } from '../../shared/TimeRangeFields';

/** A maintenance starts at the next full hour and lasts an hour unless changed. */
function defaults() {
  const start = DateTime.now().startOf('hour').plus({ hours: 1 });
  return { start, end: start.plus({ hours: 1 }) };
}

/**
 * Schedules a maintenance on the public page; `onSchedule` resolves true when it was
 * scheduled, to clear the form (on a refusal the form keeps what was typed).
 */
export function MaintenanceForm(props: {
  components: StatusComponent[];
  busy: boolean;
  onSchedule: (request: ScheduleMaintenanceRequest) => Promise<boolean>;
}) {
  const id = useId();
  const range = useTimeRange(defaults);
  const [name, setName] = useState('');
  const [body, setBody] = useState('');
  const [componentIds, setComponentIds] = useState<string[]>([]);
  const { startsAt, endsAt, ordered } = range;
  const valid = Boolean(name.trim() && body.trim() && ordered);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // the button is disabled then, but Enter in a field still submits
    if (!valid || !startsAt || !endsAt || props.busy) return;
    const scheduled = await props.onSchedule({
      name: name.trim(),
      body: body.trim(),
      scheduledFor: startsAt,
      scheduledUntil: endsAt,
      componentIds,
    });
    if (scheduled) {
      setName('');
      setBody('');
      setComponentIds([]);
      range.reset();
    }
  };

  return (
    <InfoCard title="Schedule maintenance">
      <Box
        component="form"
        aria-label="Schedule maintenance"
        display="flex"
        flexDirection="column"
        style={{ gap: 12 }}
        onSubmit={submit}
      >
        <TextField
          id={`${id}-name`}
          label="Title"
          value={name}
          onChange={e => setName(e.target.value)}
          required
        />
        <TextField
          id={`${id}-body`}
          label="What customers should expect"
          value={body}
          onChange={e => setBody(e.target.value)}
          multiline
          minRows={2}
          required
        />
        <Box display="flex" flexWrap="wrap" style={{ gap: 12 }}>
          <TimeRangeFields
            range={range}
            idPrefix={`${id}-window`}
            startLabel="From"
            endLabel="Until"
          />
        </Box>
        <Box>
          {props.components.map(c => (
            <FormControlLabel
              key={c.id}
              control={
                <Checkbox
                  checked={componentIds.includes(c.id)}
                  onChange={e =>
                    setComponentIds(ids =>
                      e.target.checked
                        ? [...ids, c.id]
                        : ids.filter(other => other !== c.id),
                    )
                  }
                />
              }
              label={c.name}
            />
          ))}
        </Box>
        <Box>
          <PermittedAction permission={statusPageManagePermission}>
            <Button
              type="submit"
              variant="outlined"
              disabled={!valid || props.busy}
            >
              Schedule
            </Button>
          </PermittedAction>
        </Box>
      </Box>
    </InfoCard>
  );
}
