import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import { InfoCard } from '@backstage/core-components';
import {
  StatusComponent,
  statusPageManagePermission,
} from '@lookout/plugin-incidents-common';
import { ScheduleMaintenanceRequest } from '../../api/statuspage';
import { PermittedAction } from '../PermittedAction';

/** `datetime-local` speaks local time without a zone; the backend wants ISO 8601. */
const toIso = (local: string) => new Date(local).toISOString();

/** Schedules a maintenance on the public page. */
export function MaintenanceForm(props: {
  components: StatusComponent[];
  busy: boolean;
  onSchedule: (request: ScheduleMaintenanceRequest) => void;
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [body, setBody] = useState('');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [componentIds, setComponentIds] = useState<string[]>([]);
  const valid = name.trim() && body.trim() && from && until;
  return (
    <InfoCard title="Schedule maintenance">
      <Box
        component="form"
        display="flex"
        flexDirection="column"
        style={{ gap: 12 }}
        onSubmit={e => {
          e.preventDefault();
          props.onSchedule({
            name: name.trim(),
            body: body.trim(),
            scheduledFor: toIso(from),
            scheduledUntil: toIso(until),
            componentIds,
          });
          setName('');
          setBody('');
        }}
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
          <TextField
            id={`${id}-from`}
            label="From"
            type="datetime-local"
            value={from}
            onChange={e => setFrom(e.target.value)}
            InputLabelProps={{ shrink: true }}
            required
          />
          <TextField
            id={`${id}-until`}
            label="Until"
            type="datetime-local"
            value={until}
            onChange={e => setUntil(e.target.value)}
            InputLabelProps={{ shrink: true }}
            required
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
