import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Integration,
  incidentCreatePermission,
} from '@lookout/plugin-incidents-common';
import { PermittedAction } from '../../shared/PermittedAction';
import { formatDateTime } from '../../shared/durations';

function RoutesTo(props: { integration: Integration }) {
  const { entityRef, groupRef } = props.integration;
  if (!entityRef && !groupRef) return <>By labels</>;
  return (
    <>
      {entityRef && <EntityRefLink entityRef={entityRef} />}
      {entityRef && groupRef && ' · '}
      {groupRef && <EntityRefLink entityRef={groupRef} />}
    </>
  );
}

/** Integrations as an admin audits them: which key, for what, and whether it is still used. */
export function IntegrationsTable(props: {
  integrations: Integration[];
  onRevoke: (integration: Integration) => void;
}) {
  return (
    <Table size="small" aria-label="Integrations">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>Entity / team</TableCell>
          <TableCell>Created</TableCell>
          <TableCell>Last used</TableCell>
          <TableCell>Actions</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.integrations.map(integration => (
          <TableRow key={integration.id}>
            <TableCell>
              <Typography variant="body2">{integration.name}</Typography>
              <Typography variant="caption" color="textSecondary">
                Key {integration.keyHint}…
              </Typography>
            </TableCell>
            <TableCell>{integration.type}</TableCell>
            <TableCell>
              <RoutesTo integration={integration} />
            </TableCell>
            <TableCell>
              {formatDateTime(integration.createdAt)} by{' '}
              <EntityRefLink
                entityRef={integration.createdBy}
                defaultKind="user"
              />
            </TableCell>
            <TableCell>
              {integration.lastUsedAt
                ? formatDateTime(integration.lastUsedAt)
                : 'Never'}
            </TableCell>
            <TableCell>
              <PermittedAction permission={incidentCreatePermission}>
                <IconButton
                  size="small"
                  aria-label={`Revoke ${integration.name}`}
                  onClick={() => props.onRevoke(integration)}
                >
                  <DeleteIcon fontSize="small" />
                </IconButton>
              </PermittedAction>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
