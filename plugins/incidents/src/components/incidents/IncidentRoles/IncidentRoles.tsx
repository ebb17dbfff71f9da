import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemSecondaryAction from '@material-ui/core/ListItemSecondaryAction';
import ListItemText from '@material-ui/core/ListItemText';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  INCIDENT_ROLES,
  Incident,
  IncidentRole,
} from '@lookout/plugin-incidents-common';
import { incidentsApiRef } from '../../../api/incidents';
import { RunIncidentAction } from '../../../hooks';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';
import { IncidentUpdateAction } from '../../shared/PermittedAction';

const ROLE_NAMES: Record<IncidentRole, string> = {
  commander: 'Commander',
  communications: 'Communications',
  scribe: 'Scribe',
};

export interface IncidentRolesProps {
  incident: Incident;
  run: RunIncidentAction;
  busy: boolean;
}

/** Who holds each response role, and a way to hand a role to someone from the catalog. */
export function IncidentRoles(props: IncidentRolesProps) {
  const { incident, run, busy } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const [editing, setEditing] = useState<IncidentRole>();
  const [userRef, setUserRef] = useState<string | null>(null);

  const edit = (role: IncidentRole) => {
    setUserRef(incident.roles[role] ?? null);
    setEditing(role);
  };

  const assign = async (role: IncidentRole, to: string | null) => {
    const done = await run(() =>
      incidentsApi.assignRole(incident.id, { role, userRef: to }),
    );
    if (done) {
      setEditing(undefined);
    }
  };

  return (
    <InfoCard title="Roles">
      <List dense disablePadding>
        {INCIDENT_ROLES.map(role => {
          const holder = incident.roles[role];
          return (
            <ListItem key={role} disableGutters>
              <ListItemText
                primary={ROLE_NAMES[role]}
                secondary={
                  holder ? (
                    <EntityRefLink entityRef={holder} defaultKind="user" />
                  ) : (
                    'Unassigned'
                  )
                }
              />
              <ListItemSecondaryAction>
                <IncidentUpdateAction incidentId={incident.id}>
                  <Button
                    size="small"
                    aria-label={`Assign ${role}`}
                    disabled={busy}
                    onClick={() => edit(role)}
                  >
                    Assign
                  </Button>
                </IncidentUpdateAction>
              </ListItemSecondaryAction>
            </ListItem>
          );
        })}
      </List>
      <Dialog
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
        fullWidth
        maxWidth="xs"
      >
        {editing && (
          <>
            <DialogTitle>Assign the {editing} role</DialogTitle>
            <DialogContent>
              <CatalogEntityPicker
                id="incident-role-user"
                label="User"
                kinds={['User']}
                value={userRef}
                onChange={setUserRef}
              />
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setEditing(undefined)}>Cancel</Button>
              {incident.roles[editing] && (
                <Button disabled={busy} onClick={() => assign(editing, null)}>
                  Unassign
                </Button>
              )}
              <Button
                color="primary"
                variant="contained"
                disabled={busy || !userRef}
                onClick={() => assign(editing, userRef)}
              >
                Assign
              </Button>
            </DialogActions>
          </>
        )}
      </Dialog>
    </InfoCard>
  );
}
