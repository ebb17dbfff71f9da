import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Link, Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ACTION_ITEM_STATUSES,
  ActionItem,
  ActionItemStatus,
  postmortemManagePermission,
} from '@lookout/plugin-incidents-common';
import { useActionPermission } from '../../../hooks';
import { ActionItemRequest } from '../../../api/postmortems';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';
import { PermittedAction } from '../../shared/PermittedAction';

export const ACTION_ITEM_STATUS_LABELS: Record<ActionItemStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  wont_do: "Won't do",
};

/** The follow-ups: owner, due date, status and tracker link; overdue ones say so. */
export function ActionItemsPanel(props: {
  items: ActionItem[];
  busy: boolean;
  onCreate: (request: ActionItemRequest) => Promise<boolean>;
  onStatus: (item: ActionItem, status: ActionItemStatus) => void;
  onDelete: (item: ActionItem) => void;
}) {
  const { items, busy } = props;
  // Action items are part of the postmortem: changing them needs incident.postmortem.manage.
  const manage = useActionPermission({
    permission: postmortemManagePermission,
  });
  const [title, setTitle] = useState('');
  const [ownerRef, setOwnerRef] = useState<string | null>(null);
  const [dueDate, setDueDate] = useState('');
  const [trackerUrl, setTrackerUrl] = useState('');

  const columns: TableColumn<ActionItem>[] = [
    { title: 'Item', field: 'title' },
    {
      title: 'Owner',
      field: 'ownerRef',
      render: item => <EntityRefLink entityRef={item.ownerRef} />,
    },
    {
      title: 'Due',
      field: 'dueDate',
      render: item => (
        <Typography
          variant="body2"
          color={item.overdue ? 'error' : 'textPrimary'}
        >
          {item.dueDate ?? '—'}
          {item.overdue ? ' (overdue)' : ''}
        </Typography>
      ),
    },
    {
      title: 'Status',
      field: 'status',
      render: item => (
        <TextField
          select
          size="small"
          value={item.status}
          disabled={busy || !manage.allowed}
          title={manage.reason}
          inputProps={{ 'aria-label': `Status of ${item.title}` }}
          onChange={e =>
            props.onStatus(item, e.target.value as ActionItemStatus)
          }
        >
          {ACTION_ITEM_STATUSES.map(status => (
            <MenuItem key={status} value={status}>
              {ACTION_ITEM_STATUS_LABELS[status]}
            </MenuItem>
          ))}
        </TextField>
      ),
    },
    {
      title: 'Tracker',
      field: 'trackerUrl',
      render: item =>
        item.trackerUrl ? (
          <Link to={item.trackerUrl}>{item.trackerUrl}</Link>
        ) : (
          '—'
        ),
    },
    {
      title: '',
      field: 'id',
      render: item => (
        <PermittedAction permission={postmortemManagePermission}>
          <Button
            size="small"
            disabled={busy}
            onClick={() => props.onDelete(item)}
            aria-label={`Delete ${item.title}`}
          >
            Delete
          </Button>
        </PermittedAction>
      ),
    },
  ];

  return (
    <InfoCard title="Action items">
      <Table<ActionItem>
        columns={columns}
        data={items}
        options={{
          paging: false,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
        emptyContent={
          <Box p={2}>
            <Typography>No action items yet.</Typography>
          </Box>
        }
      />
      <Box
        component="form"
        mt={2}
        display="flex"
        flexWrap="wrap"
        alignItems="flex-start"
        style={{ gap: 8 }}
        onSubmit={async (e: React.FormEvent) => {
          e.preventDefault();
          if (!title.trim() || !ownerRef) return;
          const created = await props.onCreate({
            title: title.trim(),
            ownerRef,
            dueDate: dueDate || null,
            trackerUrl: trackerUrl.trim() || null,
          });
          if (created) {
            setTitle('');
            setDueDate('');
            setTrackerUrl('');
          }
        }}
      >
        <TextField
          id="action-item-title"
          label="New action item"
          size="small"
          variant="outlined"
          value={title}
          onChange={e => setTitle(e.target.value)}
        />
        <Box minWidth={220}>
          <CatalogEntityPicker
            id="action-item-owner"
            label="Owner"
            kinds={['User', 'Group']}
            value={ownerRef}
            onChange={setOwnerRef}
          />
        </Box>
        <TextField
          id="action-item-due"
          label="Due"
          type="date"
          size="small"
          variant="outlined"
          InputLabelProps={{ shrink: true }}
          value={dueDate}
          onChange={e => setDueDate(e.target.value)}
        />
        <TextField
          id="action-item-tracker"
          label="Tracker link"
          size="small"
          variant="outlined"
          value={trackerUrl}
          onChange={e => setTrackerUrl(e.target.value)}
        />
        <PermittedAction permission={postmortemManagePermission}>
          <Button type="submit" disabled={busy || !title.trim() || !ownerRef}>
            Add action item
          </Button>
        </PermittedAction>
      </Box>
    </InfoCard>
  );
}
