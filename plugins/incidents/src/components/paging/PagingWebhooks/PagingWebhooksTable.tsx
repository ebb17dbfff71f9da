import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  oncallManagePermission,
  PagingWebhook,
} from '@lookout/plugin-incidents-common';
import { PermittedAction } from '../../shared/PermittedAction';
import { formatDateTime } from '../../shared/durations';

function Receives(props: { webhook: PagingWebhook }) {
  const { groupRef } = props.webhook;
  if (!groupRef) return <>Every page</>;
  return (
    <>
      Pages of incidents <EntityRefLink entityRef={groupRef} /> owns
    </>
  );
}

function Created(props: { webhook: PagingWebhook }) {
  const { webhook } = props;
  // config webhooks have no creation time worth showing: they exist while the config says so
  if (webhook.source === 'config') return <>Declared in app-config</>;
  return (
    <>
      {formatDateTime(webhook.createdAt)} by{' '}
      <EntityRefLink entityRef={webhook.createdBy} defaultKind="user" />
    </>
  );
}

function DeleteButton(props: {
  webhook: PagingWebhook;
  onDelete: (webhook: PagingWebhook) => void;
}) {
  const { webhook } = props;
  const label = `Delete webhook ${webhook.name}`;
  if (webhook.source === 'config') {
    // the backend refuses to delete these; say where they are removed instead
    return (
      <Tooltip title="Declared in app-config (incidents.paging.webhooks): remove it there">
        <span style={{ display: 'inline-flex' }}>
          <IconButton size="small" aria-label={label} disabled>
            <DeleteIcon fontSize="small" />
          </IconButton>
        </span>
      </Tooltip>
    );
  }
  return (
    <PermittedAction permission={oncallManagePermission}>
      <IconButton
        size="small"
        aria-label={label}
        onClick={() => props.onDelete(webhook)}
      >
        <DeleteIcon fontSize="small" />
      </IconButton>
    </PermittedAction>
  );
}

/** Paging webhooks as an on-call admin audits them: where pages go, which ones, since when. */
export function PagingWebhooksTable(props: {
  webhooks: PagingWebhook[];
  onDelete: (webhook: PagingWebhook) => void;
}) {
  return (
    <Table size="small" aria-label="Paging webhooks">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Receives</TableCell>
          <TableCell>Created</TableCell>
          <TableCell>Actions</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.webhooks.map(webhook => (
          <TableRow key={webhook.id}>
            <TableCell>
              <Typography variant="body2">{webhook.name}</Typography>
              <Typography
                variant="caption"
                color="textSecondary"
                display="block"
                style={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}
              >
                {webhook.url}
              </Typography>
            </TableCell>
            <TableCell>
              <Receives webhook={webhook} />
            </TableCell>
            <TableCell>
              <Created webhook={webhook} />
            </TableCell>
            <TableCell>
              <DeleteButton webhook={webhook} onDelete={props.onDelete} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
