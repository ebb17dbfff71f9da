import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import {
  PublicIncident,
  StatusComponent,
  statusPageManagePermission,
} from '@lookout/plugin-incidents-common';
import {
  IncidentUpdateAction,
  PermittedAction,
} from '../../shared/PermittedAction';
import {
  ComposedUpdate,
  DeliveryCoverage,
  StatusUpdateComposer,
} from '../CommunicationsPanel';

function PublicIncidentItem(props: {
  incident: PublicIncident;
  components: StatusComponent[];
  busy: boolean;
  revision: number;
  onUpdate: (update: ComposedUpdate) => void;
  onDelete: () => void;
}) {
  const { incident: p } = props;
  const [open, setOpen] = useState(false);
  const ended = p.status === 'resolved' || p.status === 'completed';
  const postUpdate = (
    <PermittedAction permission={statusPageManagePermission}>
      <Button size="small" onClick={() => setOpen(!open)}>
        {open ? 'Cancel' : 'Post update'}
      </Button>
    </PermittedAction>
  );
  return (
    <Box mb={2}>
      <Box
        display="flex"
        alignItems="baseline"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="h6" component="h3">
          {p.name}
        </Typography>
        <Typography color="textSecondary">
          {p.kind === 'maintenance' ? 'Maintenance' : 'Incident'} · {p.status} ·
          impact {p.impact}
          {p.incidentId ? ` · from ${p.incidentId}` : ''}
          {p.scheduledFor
            ? ` · ${new Date(p.scheduledFor).toLocaleString()} – ${new Date(
                p.scheduledUntil!,
              ).toLocaleString()}`
            : ''}
        </Typography>
      </Box>
      <Box component="ol" pl={2} my={1}>
        {p.updates.map(u => (
          <li key={u.id}>
            <Typography variant="body2">
              <strong>{u.status}</strong> (
              {new Date(u.createdAt).toLocaleString()}, {u.createdBy}): {u.body}
            </Typography>
          </li>
        ))}
      </Box>
      <DeliveryCoverage publicIncidentId={p.id} revision={props.revision} />
      <Box display="flex" style={{ gap: 8 }} mt={1}>
        {!ended &&
          (p.incidentId ? (
            // An update to one published from an incident is also that incident's news, so
            // the backend asks incident.update on it as well.
            <IncidentUpdateAction incidentId={p.incidentId}>
              {postUpdate}
            </IncidentUpdateAction>
          ) : (
            postUpdate
          ))}
        <PermittedAction permission={statusPageManagePermission}>
          <Button size="small" disabled={props.busy} onClick={props.onDelete}>
            Remove from page
          </Button>
        </PermittedAction>
      </Box>
      {open && (
        <Box mt={2}>
          <StatusUpdateComposer
            initial={{
              name: p.name,
              status: p.status,
              body: '',
              componentIds: p.componentIds,
            }}
            kind={p.kind}
            components={props.components}
            incidentId={p.incidentId ?? undefined}
            nameEditable={false}
            submitLabel="Post update"
            busy={props.busy}
            onSubmit={update => {
              props.onUpdate(update);
              setOpen(false);
            }}
          />
        </Box>
      )}
      <Box mt={2}>
        <Divider />
      </Box>
    </Box>
  );
}

/** Public incidents and maintenances: each update, its delivery coverage, and new ones. */
export function PublicIncidentsCard(props: {
  incidents: PublicIncident[];
  components: StatusComponent[];
  busy: boolean;
  revision: number;
  onPublish: (update: ComposedUpdate) => void;
  onUpdate: (id: string, update: ComposedUpdate) => void;
  onDelete: (id: string) => void;
}) {
  const [composing, setComposing] = useState(false);
  return (
    <InfoCard title="Public incidents and maintenance">
      {props.incidents.length === 0 && (
        <Typography>Nothing has been published yet.</Typography>
      )}
      {props.incidents.map(p => (
        <PublicIncidentItem
          key={p.id}
          incident={p}
          components={props.components}
          busy={props.busy}
          revision={props.revision}
          onUpdate={update => props.onUpdate(p.id, update)}
          onDelete={() => props.onDelete(p.id)}
        />
      ))}
      <PermittedAction permission={statusPageManagePermission}>
        <Button variant="outlined" onClick={() => setComposing(!composing)}>
          {composing ? 'Cancel' : 'New public incident'}
        </Button>
      </PermittedAction>
      {composing && (
        <Box mt={2}>
          <StatusUpdateComposer
            initial={{
              name: '',
              status: 'investigating',
              body: '',
              componentIds: [],
            }}
            components={props.components}
            nameEditable
            submitLabel="Publish"
            busy={props.busy}
            onSubmit={update => {
              props.onPublish(update);
              setComposing(false);
            }}
          />
        </Box>
      )}
    </InfoCard>
  );
}
