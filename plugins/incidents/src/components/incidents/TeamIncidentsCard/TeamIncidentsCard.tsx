import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { OPEN_STATUSES } from '@lookout/plugin-incidents-common';
import { incidentsApiRef } from '../../../api/incidents';
import { useIncidentsSignal, useRefresh } from '../../../hooks';
import { formatIncidentDuration } from '../../shared/durations';
import { IncidentLink } from '../IncidentLink';
import { ResponseTimes } from '../ResponseTimes';
import { SeverityChip } from '../../shared/SeverityChip';
import { StatusChip } from '../../shared/StatusChip';
import { WrappedListItemText } from '../../shared/WrappedListItemText';

/** A card lists a few; the rest are one click away on the Incidents page. */
const SHOWN = 10;

/** For a Group's page: the open incidents on what the team owns, and its response times. */
export function TeamIncidentsCard() {
  const { entity } = useEntity();
  const ownerRef = stringifyEntityRef(entity);
  const incidentsApi = useApi(incidentsApiRef);
  const [version, refresh] = useRefresh();
  // The backend knows what the team owns; the message does not say, so any change refreshes.
  useIncidentsSignal(refresh);

  const { value, error } = useAsync(
    () =>
      incidentsApi.listIncidents({
        ownerRef,
        status: OPEN_STATUSES,
        limit: SHOWN,
      }),
    [incidentsApi, ownerRef, version],
  );

  let open;
  if (error) {
    open = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    open = <Progress />;
  } else if (value.items.length === 0) {
    open = <Typography>No open incidents on what this team owns.</Typography>;
  } else {
    open = (
      <List dense disablePadding aria-label="Open incidents">
        {value.items.map(incident => (
          <ListItem key={incident.id} disableGutters alignItems="flex-start">
            <WrappedListItemText
              style={{ minWidth: 0, marginRight: 8 }}
              primary={
                <>
                  <IncidentLink id={incident.id} /> {incident.title}
                </>
              }
              secondary={formatIncidentDuration(incident)}
            />
            <Box display="flex" flexShrink={0} pt={0.5} style={{ gap: 4 }}>
              <SeverityChip severity={incident.severity} />
              <StatusChip status={incident.status} />
            </Box>
          </ListItem>
        ))}
      </List>
    );
  }

  return (
    <InfoCard title="Incidents">
      <Box mb={2}>
        <ResponseTimes scope={{ ownerRef }} days={30} />
      </Box>
      {open}
      {value?.nextCursor && (
        <Typography variant="caption" color="textSecondary">
          Showing the first {SHOWN} open incidents.
        </Typography>
      )}
    </InfoCard>
  );
}
