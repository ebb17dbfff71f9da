import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { DateTime } from 'luxon';
import { TimelineEvent } from '@lookout/plugin-incidents-common';
import { Markdown } from '../../shared/Markdown';
import { Actor } from '../../shared/Actor';
import { EventDescription } from './EventDescription';

function Detail(props: { event: TimelineEvent }) {
  const { type, data } = props.event;
  if (type === 'note' && typeof data.markdown === 'string') {
    return <Markdown content={data.markdown} />;
  }
  if (type === 'status_changed' && typeof data.note === 'string' && data.note) {
    return (
      <Typography variant="body2" color="textSecondary">
        {data.note}
      </Typography>
    );
  }
  return null;
}

/** The incident's append-only log, oldest first, one readable line per event. */
export function IncidentTimeline(props: { events: TimelineEvent[] }) {
  // The log reads top to bottom as it happened, whatever order the backend sent.
  const events = [...props.events].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at),
  );
  if (events.length === 0) {
    return <Typography>Nothing has happened yet.</Typography>;
  }
  return (
    <List aria-label="Timeline" dense>
      {events.map(event => {
        const at = DateTime.fromISO(event.at);
        return (
          <ListItem key={event.id} divider alignItems="flex-start">
            <Box width="100%">
              <Typography variant="body2" component="div">
                <Actor entityRef={event.actor} />{' '}
                <EventDescription event={event} />
              </Typography>
              <Typography
                variant="caption"
                color="textSecondary"
                component="time"
                dateTime={event.at}
              >
                {at.toLocaleString(DateTime.DATETIME_MED_WITH_SECONDS)}
              </Typography>
              <Detail event={event} />
            </Box>
          </ListItem>
        );
      })}
    </List>
  );
}
