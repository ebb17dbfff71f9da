import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { incidentsApiRef } from '../../../api/incidents';
import { ChangeEvent } from '@lookout/plugin-incidents-common';
import { formatDateTime } from '../../shared/durations';

const useStyles = makeStyles(theme => ({
  meta: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1.5) },
}));

function Change(props: { change: ChangeEvent & { distance: number } }) {
  const { change } = props;
  const classes = useStyles();
  return (
    <ListItem disableGutters divider>
      <ListItemText
        primary={change.summary}
        secondaryTypographyProps={{ component: 'div' }}
        secondary={
          <div className={classes.meta}>
            <span>{formatDateTime(change.at)}</span>
            {change.entityRef && (
              <span>
                <EntityRefLink entityRef={change.entityRef} />
                {change.distance === 0 ? ' (origin)' : ' (upstream)'}
              </span>
            )}
            <span>{change.source}</span>
            {change.links.map(link => (
              <Link key={link.url} to={link.url}>
                {link.title || link.url}
              </Link>
            ))}
          </div>
        }
      />
    </ListItem>
  );
}

/**
 * Deploys and other changes that may explain an incident: on its origin and the entities it
 * depends on, from the backend's lookback before the incident began, newest first as the
 * backend sends them.
 */
export function IncidentChanges(props: { incidentId: string }) {
  const incidentsApi = useApi(incidentsApiRef);
  const { value, loading, error } = useAsync(
    () => incidentsApi.getIncidentChanges(props.incidentId),
    [incidentsApi, props.incidentId],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value || value.items.length === 0) {
    content = (
      <Typography>No changes on the origin or upstream of it.</Typography>
    );
  } else {
    content = (
      <List dense aria-label="Recent changes">
        {value.items.map(change => (
          <Change key={change.id} change={change} />
        ))}
      </List>
    );
  }
  return (
    <InfoCard
      title="Recent changes"
      subheader={value ? `Since ${formatDateTime(value.since)}` : undefined}
    >
      {content}
    </InfoCard>
  );
}
