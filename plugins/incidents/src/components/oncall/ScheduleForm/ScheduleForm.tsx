import { FormEvent, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { DateTime } from 'luxon';
import {
  ROTATION_KINDS,
  RotationKind,
  Schedule,
  ScheduleInput,
  ScheduleLayer,
  ScheduleRestriction,
  oncallManagePermission,
} from '@lookout/plugin-incidents-common';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';
import { PermittedAction } from '../../shared/PermittedAction';
import { useAction } from '../../../hooks';

const LOCAL_FORMAT = "yyyy-MM-dd'T'HH:mm";
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const ROTATION_LABELS: Record<RotationKind, string> = {
  daily: 'Daily',
  weekly: 'Weekly',
  custom: 'Custom shift length',
};

/** Every zone the browser knows, for the picker; free text is still accepted. */
function timeZones(): string[] {
  const intl = Intl as unknown as {
    supportedValuesOf?: (key: string) => string[];
  };
  return intl.supportedValuesOf?.('timeZone') ?? ['UTC'];
}

interface LayerDraft {
  name: string;
  rotation: RotationKind;
  shiftLengthHours: string;
  handoffTime: string;
  handoffDay: number;
  /** Wall-clock time in the schedule's zone, as a datetime-local input holds it. */
  startsAt: string;
  members: string[];
  restrictions: ScheduleRestriction[];
  /** Kept as they are: an imported layer's end and rotation anchor have no fields here yet. */
  kept?: Pick<ScheduleLayer, 'endsAt' | 'anchorAt'>;
}

function newLayer(index: number, timeZone: string): LayerDraft {
  const start = DateTime.now()
    .setZone(timeZone)
    .startOf('day')
    .set({ hour: 9 });
  return {
    name: index === 0 ? 'Primary' : `Layer ${index + 1}`,
    rotation: 'weekly',
    shiftLengthHours: '12',
    handoffTime: '09:00',
    handoffDay: start.weekday,
    startsAt: start.toFormat(LOCAL_FORMAT),
    members: [],
    restrictions: [],
  };
}

function draftOf(schedule: Schedule): LayerDraft[] {
  return schedule.layers.map(layer => ({
    name: layer.name,
    rotation: layer.rotation,
    shiftLengthHours: String(layer.shiftLengthHours ?? 12),
    handoffTime: layer.handoffTime,
    handoffDay: layer.handoffDay ?? 1,
    startsAt: DateTime.fromISO(layer.startsAt, {
      zone: schedule.timeZone,
    }).toFormat(LOCAL_FORMAT),
    members: layer.members,
    restrictions: layer.restrictions,
    kept: { endsAt: layer.endsAt, anchorAt: layer.anchorAt },
  }));
}

/**
 * Creates or edits a schedule: its owner team, time zone and layers (rotation, handoff, members
 * in order, restrictions such as business hours). The backend checks everything again and its
 * message is shown when it refuses.
 */
export function ScheduleForm(props: {
  open: boolean;
  /** The schedule to edit; a new one when absent. */
  schedule?: Schedule;
  /** A new schedule's owner, when the page knows it. */
  ownerRef?: string;
  onClose: () => void;
  onSave: (input: ScheduleInput) => Promise<unknown>;
}) {
  const { schedule } = props;
  const [name, setName] = useState(schedule?.name ?? '');
  const [ownerRef, setOwnerRef] = useState<string | null>(
    schedule?.ownerRef ?? props.ownerRef ?? null,
  );
  const [timeZone, setTimeZone] = useState(
    schedule?.timeZone ?? DateTime.local().zoneName ?? 'UTC',
  );
  const [layers, setLayers] = useState<LayerDraft[]>(() =>
    schedule ? draftOf(schedule) : [newLayer(0, timeZone)],
  );
  // the dialog closes once the backend took the change, and stays open with its message if not
  const { run, busy, error } = useAction(props.onClose);

  const change = (index: number, patch: Partial<LayerDraft>) =>
    setLayers(layers.map((l, i) => (i === index ? { ...l, ...patch } : l)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(() =>
      props.onSave({
        name: name.trim(),
        ownerRef: ownerRef ?? '',
        timeZone,
        layers: layers.map(layer => ({
          name: layer.name.trim(),
          rotation: layer.rotation,
          ...(layer.rotation === 'custom'
            ? { shiftLengthHours: Number(layer.shiftLengthHours) }
            : {}),
          handoffTime: layer.handoffTime,
          ...(layer.rotation === 'weekly'
            ? { handoffDay: layer.handoffDay }
            : {}),
          startsAt:
            DateTime.fromISO(layer.startsAt, { zone: timeZone }).toISO() ??
            layer.startsAt,
          members: layer.members,
          restrictions: layer.restrictions,
          ...(layer.kept?.endsAt ? { endsAt: layer.kept.endsAt } : {}),
          ...(layer.rotation === 'custom' && layer.kept?.anchorAt
            ? { anchorAt: layer.kept.anchorAt }
            : {}),
        })),
      }),
    );
  };

  return (
    <Dialog open={props.open} onClose={props.onClose} maxWidth="md" fullWidth>
      <form onSubmit={submit} aria-label="Schedule">
        <DialogTitle>{schedule ? 'Edit schedule' : 'New schedule'}</DialogTitle>
        <DialogContent>
          {error && <Alert severity="error">{error}</Alert>}
          <TextField
            id="schedule-name"
            label="Name"
            required
            fullWidth
            margin="normal"
            value={name}
            onChange={e => setName(e.target.value)}
          />
          <CatalogEntityPicker
            id="schedule-owner"
            label="Owner team"
            kinds={['Group']}
            value={ownerRef}
            onChange={setOwnerRef}
          />
          <Autocomplete
            id="schedule-zone"
            freeSolo
            options={timeZones()}
            value={timeZone}
            onInputChange={(_, value) => setTimeZone(value)}
            renderInput={params => (
              <TextField
                {...params}
                margin="normal"
                label="Time zone"
                helperText="Handoffs happen at local time here, across daylight-saving changes"
              />
            )}
          />
          {layers.map((layer, index) => (
            <LayerFields
              key={index}
              index={index}
              layer={layer}
              onChange={patch => change(index, patch)}
              onRemove={
                layers.length > 1
                  ? () => setLayers(layers.filter((_, i) => i !== index))
                  : undefined
              }
            />
          ))}
          <Button
            onClick={() =>
              setLayers([...layers, newLayer(layers.length, timeZone)])
            }
          >
            Add layer
          </Button>
          <Typography variant="caption" color="textSecondary" display="block">
            Later layers win where they are active, as an on-top rotation does.
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>Cancel</Button>
          <PermittedAction permission={oncallManagePermission}>
            <Button
              type="submit"
              color="primary"
              variant="contained"
              disabled={busy}
            >
              Save
            </Button>
          </PermittedAction>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function LayerFields(props: {
  index: number;
  layer: LayerDraft;
  onChange: (patch: Partial<LayerDraft>) => void;
  onRemove?: () => void;
}) {
  const { index, layer, onChange } = props;
  const id = `layer-${index}`;
  const setRestriction = (i: number, patch: Partial<ScheduleRestriction>) =>
    onChange({
      restrictions: layer.restrictions.map((r, j) =>
        j === i ? { ...r, ...patch } : r,
      ),
    });
  return (
    <Paper variant="outlined" style={{ padding: 16, marginTop: 16 }}>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="subtitle1">Layer {index + 1}</Typography>
        {props.onRemove && (
          <IconButton
            aria-label={`Remove layer ${index + 1}`}
            onClick={props.onRemove}
          >
            <DeleteIcon />
          </IconButton>
        )}
      </Box>
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
        <TextField
          id={`${id}-name`}
          label="Layer name"
          required
          value={layer.name}
          onChange={e => onChange({ name: e.target.value })}
        />
        <TextField
          id={`${id}-rotation`}
          select
          label="Rotation"
          value={layer.rotation}
          onChange={e => onChange({ rotation: e.target.value as RotationKind })}
        >
          {ROTATION_KINDS.map(kind => (
            <MenuItem key={kind} value={kind}>
              {ROTATION_LABELS[kind]}
            </MenuItem>
          ))}
        </TextField>
        {layer.rotation === 'custom' && (
          <TextField
            id={`${id}-hours`}
            label="Shift length (hours)"
            type="number"
            inputProps={{ min: 1, max: 672 }}
            value={layer.shiftLengthHours}
            onChange={e => onChange({ shiftLengthHours: e.target.value })}
          />
        )}
        {layer.rotation === 'weekly' && (
          <TextField
            id={`${id}-day`}
            select
            label="Handoff day"
            value={layer.handoffDay}
            onChange={e => onChange({ handoffDay: Number(e.target.value) })}
          >
            {WEEKDAYS.map((day, i) => (
              <MenuItem key={day} value={i + 1}>
                {day}
              </MenuItem>
            ))}
          </TextField>
        )}
        <TextField
          id={`${id}-handoff`}
          label="Handoff time"
          type="time"
          InputLabelProps={{ shrink: true }}
          value={layer.handoffTime}
          onChange={e => onChange({ handoffTime: e.target.value })}
        />
        <TextField
          id={`${id}-starts`}
          label="First shift starts"
          type="datetime-local"
          InputLabelProps={{ shrink: true }}
          value={layer.startsAt}
          onChange={e => onChange({ startsAt: e.target.value })}
        />
      </Box>
      <CatalogEntityPicker
        id={`${id}-members`}
        label="Members, in rotation order"
        kinds={['User']}
        multiple
        value={layer.members}
        onChange={members => onChange({ members })}
      />
      {layer.restrictions.map((restriction, i) => (
        <Box key={i} display="flex" alignItems="center" flexWrap="wrap" mt={1}>
          {WEEKDAYS.map((day, d) => (
            <FormControlLabel
              key={day}
              label={day}
              control={
                <Checkbox
                  size="small"
                  checked={restriction.days.includes(d + 1)}
                  onChange={(_, checked) =>
                    setRestriction(i, {
                      days: checked
                        ? [...restriction.days, d + 1].sort()
                        : restriction.days.filter(x => x !== d + 1),
                    })
                  }
                />
              }
            />
          ))}
          <TextField
            label="From"
            type="time"
            InputLabelProps={{ shrink: true }}
            value={restriction.start}
            onChange={e => setRestriction(i, { start: e.target.value })}
          />
          <TextField
            label="To"
            type="time"
            InputLabelProps={{ shrink: true }}
            value={restriction.end}
            onChange={e => setRestriction(i, { end: e.target.value })}
            style={{ marginLeft: 8 }}
          />
          <IconButton
            aria-label={`Remove restriction ${i + 1} of layer ${index + 1}`}
            onClick={() =>
              onChange({
                restrictions: layer.restrictions.filter((_, j) => j !== i),
              })
            }
          >
            <DeleteIcon />
          </IconButton>
        </Box>
      ))}
      <Button
        size="small"
        onClick={() =>
          onChange({
            restrictions: [
              ...layer.restrictions,
              { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
            ],
          })
        }
      >
        Restrict to hours
      </Button>
      <Typography variant="caption" color="textSecondary">
        Without restrictions the layer is always active; an end at or before the
        start runs past midnight.
      </Typography>
    </Paper>
  );
}
