import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import {
  CauseSuggestion,
  ImpactPathStep,
  Incident,
  OPEN_STATUSES,
} from '@lookout/plugin-incidents-common';
import { incidentsApiRef } from '../../../api/incidents';
import { triageApiRef } from '../../../api/triage';
import { IncidentLink } from '../../incidents/IncidentLink';
import { ImpactPath } from '../ImpactPath';

/** Causes shown per incident: the leading ones, as the incident page ranks them. */
const SHOWN = 3;
/** Open incidents read on one entity's tab. */
const INCIDENTS = 5;

/**
 * A cause's path read upward from the origin: the refs from its first hop to the cause, each
 * hop named by how the entity before it reaches it (an API is consumed, then provided).
 */
export function causePathSteps(path: string[]): ImpactPathStep[] {
  return path.map((entityRef, i) => {
    let relation: ImpactPathStep['relation'] = 'dependsOn';
    if (entityRef.startsWith('api:')) relation = 'consumesApi';
    else if (path[i - 1]?.startsWith('api:')) relation = 'apiProvidedBy';
    return { entityRef, relation };
  });
}

function Causes(props: { incident: Incident; causes: CauseSuggestion[] }) {
  const { incident, causes } = props;
  return (
    <Box mb={1}>
      <Typography variant="subtitle2">
        <IncidentLink id={incident.id} /> {incident.title}
      </Typography>
      {causes.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No probable cause yet.
        </Typography>
      ) : (
        <List dense disablePadding>
          {causes.slice(0, SHOWN).map((cause, i) => (
            <ListItem key={cause.id} disableGutters>
              <Typography variant="body2" component="span">
                {`${i + 1}. `}
                {cause.path.length === 0 ? (
                  <>{cause.entityRef.split('/').pop()} itself (the origin)</>
                ) : (
                  <ImpactPath
                    from={incident.entityRef}
                    path={causePathSteps(cause.path)}
                  />
                )}
                {` · score ${cause.score}`}
              </Typography>
            </ListItem>
          ))}
        </List>
      )}
    </Box>
  );
}

/**
 * On the Blast radius tab, beside where a problem may come from: the open incidents that
 * started on this entity and the paths to their probable causes, as triage ranked them.
 * Nothing is shown while the entity has no open incident.
 */
export function ProbableCausePaths(props: { entityRef: string }) {
  const incidentsApi = useApi(incidentsApiRef);
  const triageApi = useApi(triageApiRef);
  const { value } = useAsync(async () => {
    const { items } = await incidentsApi.listIncidents({
      entityRef: props.entityRef,
      status: OPEN_STATUSES,
      limit: INCIDENTS,
    });
    const own = items.filter(
      i =>
        i.entityRef.toLocaleLowerCase('en-US') ===
        props.entityRef.toLocaleLowerCase('en-US'),
    );
    return Promise.all(
      own.map(async incident => ({
        incident,
        // a triage that cannot be read leaves that incident without causes, not the tab
        causes: await triageApi
          .getTriage(incident.id)
          .then(t => t.causes)
          .catch(() => [] as CauseSuggestion[]),
      })),
    );
  }, [incidentsApi, triageApi, props.entityRef]);
  if (!value?.length) return null;
  return (
    <Box mb={2}>
      <InfoCard title="Probable causes of its open incidents">
        {value.map(({ incident, causes }) => (
          <Causes key={incident.id} incident={incident} causes={causes} />
        ))}
      </InfoCard>
    </Box>
  );
}
