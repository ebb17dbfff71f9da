import { FormEvent, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import {
  EscalationLevel,
  EscalationPolicy,
  EscalationPolicyInput,
  EscalationTarget,
  oncallManagePermission,
  Schedule,
} from '@lookout/plugin-incidents-common';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';
import { PermittedAction } from '../../shared/PermittedAction';
import { useAction } from '../../../hooks';

type TargetType = EscalationTarget['type'];

const TARGET_LABELS: Record<TargetType, string> = {
  schedule: 'On call for a schedule',
  user: 'A person',
  group_members: "A team's members",
  parent_oncall: "The parent team's on-call",
};

/** A target of a type with its field empty, to be filled in. */
function emptyTarget(type: TargetType): EscalationTarget {
  switch (type) {
    case 'schedule':
      return { type, scheduleId: '' };
    case 'user':
      return { type, userRef: '' };
    case 'group_members':
      return { type, groupRef: '' };
    default:
      return { type: 'parent_oncall' };
  }
}

/**
 * Creates or edits an escalation policy: ordered levels, each paging its targets a delay after
 * the previous one, the whole list repeated when nobody acknowledges.
 */
export function EscalationPolicyEditor(props: {
  open: boolean;
  policy?: EscalationPolicy;
  ownerRef?: string;
  /** The schedules a level may page. */
  schedules: Schedule[];
  onClose: () => void;
  onSave: (input: EscalationPolicyInput) => Promise<unknown>;
}) {
  const { policy, schedules } = props;
  const [name, setName] = useState(policy?.name ?? '');
  const [ownerRef, setOwnerRef] = useState<string | null>(
    policy?.ownerRef ?? props.ownerRef ?? null,
  );
  const [repeat, setRepeat] = useState(String(policy?.repeat ?? 0));
  const [levels, setLevels] = useState<EscalationLevel[]>(
    policy?.levels ?? [{ delayMinutes: 0, targets: [emptyTarget('schedule')] }],
  );
  // the dialog closes once the backend took the change, and stays open with its message if not
  const { run, busy, error } = useAction(props.onClose);

  const setLevel = (index: number, level: EscalationLevel) =>
    setLevels(levels.map((l, i) => (i === index ? level : l)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(() =>
      props.onSave({
        name: name.trim(),
        ownerRef: ownerRef ?? '',
        levels,
        repeat: Number(repeat),
      }),
    );
  };

  return (
    <Dialog open={props.open} onClose={props.onClose} maxWidth="md" fullWidth>
      <form onSubmit={submit} aria-label="Escalation policy">
        <DialogTitle>
          {policy ? 'Edit escalation policy' : 'New escalation policy'}
        </DialogTitle>
        <DialogContent>
          {error && <Alert severity="error">{error}</Alert>}
          <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
            <TextField
              id="policy-name"
              label="Name"
              required
              value={name}
              onChange={e => setName(e.target.value)}
              helperText="Unique; the lookout.dev/escalation-policy annotation can name it"
            />
            <TextField
              id="policy-repeat"
              label="Repeat"
              type="number"
              inputProps={{ min: 0, max: 9 }}
              value={repeat}
              onChange={e => setRepeat(e.target.value)}
              helperText="More runs of the whole list when nobody acknowledges"
            />
          </Box>
          <CatalogEntityPicker
            id="policy-owner"
            label="Owner team"
            kinds={['Group']}
            value={ownerRef}
            onChange={setOwnerRef}
          />
          {levels.map((level, index) => (
            <Paper
              key={index}
              variant="outlined"
              style={{ padding: 16, marginTop: 16 }}
              aria-label={`Level ${index + 1}`}
              role="group"
            >
              <Box display="flex" alignItems="center" style={{ gap: 16 }}>
                <Typography variant="subtitle1">Level {index + 1}</Typography>
                <TextField
                  id={`level-${index}-delay`}
                  label={
                    index === 0
                      ? 'Minutes after the incident opens'
                      : 'Minutes after the previous level'
                  }
                  type="number"
                  inputProps={{ min: 0, max: 1440 }}
                  value={level.delayMinutes}
                  onChange={e =>
                    setLevel(index, {
                      ...level,
                      delayMinutes: Number(e.target.value),
                    })
                  }
                />
                {levels.length > 1 && (
                  <IconButton
                    aria-label={`Remove level ${index + 1}`}
                    onClick={() =>
                      setLevels(levels.filter((_, i) => i !== index))
                    }
                  >
                    <DeleteIcon />
                  </IconButton>
                )}
              </Box>
              {level.targets.map((target, t) => (
                <TargetFields
                  key={t}
                  id={`level-${index}-target-${t}`}
                  target={target}
                  schedules={schedules}
                  onChange={changed =>
                    setLevel(index, {
                      ...level,
                      targets: level.targets.map((x, j) =>
                        j === t ? changed : x,
                      ),
                    })
                  }
                  onRemove={
                    level.targets.length > 1
                      ? () =>
                          setLevel(index, {
                            ...level,
                            targets: level.targets.filter((_, j) => j !== t),
                          })
                      : undefined
                  }
                />
              ))}
              <Button
                size="small"
                onClick={() =>
                  setLevel(index, {
                    ...level,
                    targets: [...level.targets, emptyTarget('user')],
                  })
                }
              >
                Add target
              </Button>
            </Paper>
          ))}
          <Button
            onClick={() =>
              setLevels([
                ...levels,
                { delayMinutes: 15, targets: [emptyTarget('parent_oncall')] },
              ])
            }
          >
            Add level
          </Button>
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

function TargetFields(props: {
  id: string;
  target: EscalationTarget;
  schedules: Schedule[];
  onChange: (target: EscalationTarget) => void;
  onRemove?: () => void;
}) {
  const { id, target, onChange } = props;
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 16 }}>
      <TextField
        id={`${id}-type`}
        select
        label="Page"
        value={target.type}
        style={{ minWidth: 240 }}
        onChange={e => onChange(emptyTarget(e.target.value as TargetType))}
      >
        {(Object.keys(TARGET_LABELS) as TargetType[]).map(type => (
          <MenuItem key={type} value={type}>
            {TARGET_LABELS[type]}
          </MenuItem>
        ))}
      </TextField>
      {target.type === 'schedule' && (
        <TextField
          id={`${id}-schedule`}
          select
          label="Schedule"
          value={target.scheduleId}
          style={{ minWidth: 240 }}
          onChange={e => onChange({ ...target, scheduleId: e.target.value })}
        >
          {props.schedules.map(schedule => (
            <MenuItem key={schedule.id} value={schedule.id}>
              {schedule.name}
            </MenuItem>
          ))}
        </TextField>
      )}
      {target.type === 'user' && (
        <Box minWidth={280}>
          <CatalogEntityPicker
            id={`${id}-user`}
            label="Person"
            kinds={['User']}
            value={target.userRef || null}
            onChange={ref => onChange({ ...target, userRef: ref ?? '' })}
          />
        </Box>
      )}
      {target.type === 'group_members' && (
        <Box minWidth={280}>
          <CatalogEntityPicker
            id={`${id}-group`}
            label="Team"
            kinds={['Group']}
            value={target.groupRef || null}
            onChange={ref => onChange({ ...target, groupRef: ref ?? '' })}
          />
        </Box>
      )}
      {props.onRemove && (
        <IconButton aria-label="Remove target" onClick={props.onRemove}>
          <DeleteIcon />
        </IconButton>
      )}
    </Box>
  );
}
