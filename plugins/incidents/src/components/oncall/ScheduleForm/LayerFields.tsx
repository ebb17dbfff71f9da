import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  ROTATION_KINDS,
  RotationKind,
  ScheduleRestriction,
} from '@lookout/plugin-incidents-common';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';
import { LayerDraft, LayerProblems } from './layerDraft';

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const ROTATION_LABELS: Record<RotationKind, string> = {
  daily: 'Daily',
  weekly: 'Weekly',
  custom: 'Custom shift length',
};

/** One layer's fields: rotation, handoff, its span (first shift to end), members, restrictions. */
export function LayerFields(props: {
  index: number;
  layer: LayerDraft;
  problems: LayerProblems;
  onChange: (patch: Partial<LayerDraft>) => void;
  onRemove?: () => void;
}) {
  const { index, layer, problems, onChange } = props;
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
        <TextField
          id={`${id}-ends`}
          label="Layer ends"
          type="datetime-local"
          InputLabelProps={{ shrink: true }}
          value={layer.endsAt}
          error={!!problems.endsAt}
          helperText={problems.endsAt ?? 'Empty: the layer never ends'}
          onChange={e => onChange({ endsAt: e.target.value })}
        />
        {layer.rotation === 'custom' && (
          <TextField
            id={`${id}-anchor`}
            label="Shifts count from"
            type="datetime-local"
            InputLabelProps={{ shrink: true }}
            value={layer.anchorAt}
            error={!!problems.anchorAt}
            helperText={
              problems.anchorAt ??
              'A handoff the shifts repeat from; empty: the handoff time on the start day'
            }
            onChange={e => onChange({ anchorAt: e.target.value })}
          />
        )}
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
