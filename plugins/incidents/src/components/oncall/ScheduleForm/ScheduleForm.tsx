import { FormEvent, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { DateTime } from 'luxon';
import {
  Schedule,
  ScheduleInput,
  oncallManagePermission,
} from '@lookout/plugin-incidents-common';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';
import { PermittedAction } from '../../shared/PermittedAction';
import { useAction } from '../../../hooks';
import {
  draftOf,
  LayerDraft,
  layerInput,
  layerProblems,
  newLayer,
} from './layerDraft';
import { LayerFields } from './LayerFields';

/** Every zone the browser knows, for the picker; free text is still accepted. */
function timeZones(): string[] {
  const intl = Intl as unknown as {
    supportedValuesOf?: (key: string) => string[];
  };
  return intl.supportedValuesOf?.('timeZone') ?? ['UTC'];
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

  const problems = layers.map(layer => layerProblems(layer, timeZone));
  const [checked, setChecked] = useState(false);
  const blocked = problems.some(p => Object.keys(p).length > 0);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (blocked) return;
    run(() =>
      props.onSave({
        name: name.trim(),
        ownerRef: ownerRef ?? '',
        timeZone,
        layers: layers.map(layer => layerInput(layer, timeZone)),
      }),
    );
  };

  return (
    <Dialog open={props.open} onClose={props.onClose} maxWidth="md" fullWidth>
      <form onSubmit={submit} aria-label="Schedule">
        <DialogTitle>{schedule ? 'Edit schedule' : 'New schedule'}</DialogTitle>
        <DialogContent>
          {error && <Alert severity="error">{error}</Alert>}
          {checked && blocked && (
            <Alert severity="error">Fix the marked fields to save.</Alert>
          )}
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
              problems={problems[index]}
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
