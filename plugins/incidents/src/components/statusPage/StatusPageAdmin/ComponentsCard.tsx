import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import {
  LIVE_STATUSES,
  LiveStatus,
  StatusComponent,
  SubscriberCounts,
  statusPageManagePermission,
} from '@lookout/plugin-incidents-common';
import { StatusComponentRequest } from '../../../api/statuspage';
import { PermittedAction } from '../../shared/PermittedAction';
import {
  LIVE_STATUS_LABELS,
  LiveStatusChip,
} from '../../blastRadius/LiveStatusChip';

const splitRefs = (text: string) =>
  text
    .split(/[\s,]+/)
    .map(s => s.trim())
    .filter(Boolean);

function ComponentRow(props: {
  component: StatusComponent;
  subscribers: number;
  busy: boolean;
  onChange: (changes: Partial<StatusComponentRequest>) => void;
  onDelete: () => void;
}) {
  const { component: c, busy } = props;
  const id = useId();
  const [refs, setRefs] = useState(c.entityRefs.join(', '));
  const [reason, setReason] = useState(c.override?.reason ?? '');
  return (
    <TableRow>
      <TableCell>
        <Typography variant="body1">{c.name}</Typography>
        <Typography variant="body2" color="textSecondary">
          {c.group ? `Group: ${c.group}` : 'No group'} · {props.subscribers}{' '}
          {props.subscribers === 1 ? 'subscriber' : 'subscribers'}
        </Typography>
      </TableCell>
      <TableCell>
        <LiveStatusChip status={c.status} />
        <Typography variant="body2" color="textSecondary">
          {c.override
            ? `Overridden; live status is ${LIVE_STATUS_LABELS[c.liveStatus]}`
            : 'Follows live status'}
        </Typography>
      </TableCell>
      <TableCell>
        {c.annotatedEntityRefs.length > 0 && (
          <Typography variant="body2">
            Annotated: {c.annotatedEntityRefs.join(', ')}
          </Typography>
        )}
        <Box display="flex" alignItems="flex-end" style={{ gap: 8 }}>
          <TextField
            id={`${id}-refs`}
            label="Mapped by hand"
            value={refs}
            onChange={e => setRefs(e.target.value)}
            placeholder="component:default/name, …"
            size="small"
          />
          <PermittedAction permission={statusPageManagePermission}>
            <Button
              size="small"
              disabled={busy}
              onClick={() => props.onChange({ entityRefs: splitRefs(refs) })}
            >
              Save
            </Button>
          </PermittedAction>
        </Box>
      </TableCell>
      <TableCell>
        <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
          <PermittedAction permission={statusPageManagePermission}>
            <TextField
              id={`${id}-override`}
              select
              size="small"
              label="Override"
              value={c.override?.status ?? ''}
              disabled={busy}
              onChange={e => {
                const status = e.target.value as LiveStatus | '';
                props.onChange({
                  override: status ? { status, reason: reason || null } : null,
                });
              }}
            >
              <MenuItem value="">None: follow live status</MenuItem>
              {LIVE_STATUSES.map(s => (
                <MenuItem key={s} value={s}>
                  {LIVE_STATUS_LABELS[s]}
                </MenuItem>
              ))}
            </TextField>
          </PermittedAction>
          <TextField
            id={`${id}-reason`}
            size="small"
            label="Reason (internal)"
            value={reason}
            onChange={e => setReason(e.target.value)}
          />
        </Box>
      </TableCell>
      <TableCell>
        <PermittedAction permission={statusPageManagePermission}>
          <Button size="small" disabled={busy} onClick={props.onDelete}>
            Delete
          </Button>
        </PermittedAction>
      </TableCell>
    </TableRow>
  );
}

/** Components, their groups and entity mapping, and the lead's override. */
export function ComponentsCard(props: {
  components: StatusComponent[];
  counts: SubscriberCounts | undefined;
  busy: boolean;
  onCreate: (request: StatusComponentRequest) => void;
  onChange: (id: string, changes: Partial<StatusComponentRequest>) => void;
  onDelete: (id: string) => void;
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [group, setGroup] = useState('');
  const [refs, setRefs] = useState('');
  return (
    <InfoCard
      title="Components"
      subheader="Entities join a component with the lookout.dev/status-page-component annotation (Group/Component), or by hand below; a component shows the worst live status of its entities, blast radius included, unless overridden."
    >
      <Table size="small" aria-label="Status page components">
        <TableHead>
          <TableRow>
            <TableCell>Component</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Entities</TableCell>
            <TableCell>Override</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {props.components.map(c => (
            <ComponentRow
              key={`${c.id}-${c.updatedAt}`}
              component={c}
              subscribers={props.counts?.byComponent[c.id] ?? 0}
              busy={props.busy}
              onChange={changes => props.onChange(c.id, changes)}
              onDelete={() => props.onDelete(c.id)}
            />
          ))}
        </TableBody>
      </Table>
      <Box
        component="form"
        mt={2}
        display="flex"
        flexWrap="wrap"
        alignItems="flex-end"
        style={{ gap: 8 }}
        onSubmit={e => {
          e.preventDefault();
          props.onCreate({
            name: name.trim(),
            group: group.trim() || null,
            entityRefs: splitRefs(refs),
          });
          setName('');
          setGroup('');
          setRefs('');
        }}
      >
        <TextField
          id={`${id}-new-name`}
          label="New component"
          value={name}
          onChange={e => setName(e.target.value)}
          required
        />
        <TextField
          id={`${id}-new-group`}
          label="Group"
          value={group}
          onChange={e => setGroup(e.target.value)}
        />
        <TextField
          id={`${id}-new-refs`}
          label="Entities"
          value={refs}
          onChange={e => setRefs(e.target.value)}
          placeholder="component:default/name, …"
        />
        <PermittedAction permission={statusPageManagePermission}>
          <Button
            type="submit"
            variant="outlined"
            disabled={props.busy || !name.trim()}
          >
            Add component
          </Button>
        </PermittedAction>
      </Box>
    </InfoCard>
  );
}
