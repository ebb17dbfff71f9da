import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { DateTime } from 'luxon';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import {
  OnCallPerson,
  OnCallResponse,
  OnCallShift,
} from '@lookout/plugin-incidents-common';
import { errorMessage } from '../../../api';
import { oncallApiRef } from '../../../api/oncall';
import { scheduleRouteRef } from '../../../routes';
import { WrappedListItemText } from '../../shared/WrappedListItemText';

function when(iso: string): string {
  return DateTime.fromISO(iso).toLocaleString(DateTime.DATETIME_MED);
}

/** "immediately", "after 10 min", "after 1 h 30 min": how long a level waits. */
export function describeDelay(minutes: number): string {
  if (minutes === 0) return 'immediately';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `after ${[hours ? `${hours} h` : '', rest ? `${rest} min` : '']
    .filter(Boolean)
    .join(' ')}`;
}

/** A person by name, with a mail link when the catalog has their email. */
function Person(props: { userRef: string; people: OnCallResponse['people'] }) {
  const person: OnCallPerson | undefined = props.people?.[props.userRef];
  const name = person?.displayName ?? props.userRef;
  return (
    <>
      <Typography component="span" variant="body2">
        {name}
      </Typography>
      {person?.email && (
        <Typography component="span" variant="body2">
          {' · '}
          <Link to={`mailto:${person.email}`}>{person.email}</Link>
        </Typography>
      )}
    </>
  );
}

function shiftText(shift: OnCallShift | null, now: boolean): string {
  if (!shift) return now ? 'Nobody right now' : 'Nobody in the next 45 days';
  return now
    ? `until ${when(shift.endsAt)}`
    : `from ${when(shift.startsAt)} to ${when(shift.endsAt)}`;
}

/**
 * Who is on call for an entity (through its owner) or a team, who is next, and whom each level
 * of the escalation policy pages, with how to reach them.
 */
export function OnCallCard() {
  const { entity } = useEntity();
  const ref = stringifyEntityRef(entity);
  const isGroup = entity.kind.toLocaleLowerCase('en-US') === 'group';
  const oncallApi = useApi(oncallApiRef);
  const scheduleRoute = useRouteRef(scheduleRouteRef);
  const { value, error } = useAsync(
    () => oncallApi.getOnCall(isGroup ? { groupRef: ref } : { entityRef: ref }),
    [oncallApi, ref, isGroup],
  );

  if (error) {
    // an entity without an owner has nobody to page: say so rather than show a failure
    if (error instanceof ResponseError && error.statusCode === 404) {
      return (
        <InfoCard title="On call">
          <Typography>{errorMessage(error)}</Typography>
        </InfoCard>
      );
    }
    return (
      <InfoCard title="On call">
        <ResponseErrorPanel error={error} />
      </InfoCard>
    );
  }
  if (!value) {
    return (
      <InfoCard title="On call">
        <Progress />
      </InfoCard>
    );
  }

  const { policy, people } = value;
  return (
    <InfoCard
      title="On call"
      subheader={
        policy.derived
          ? `${policy.name}: derived from ${value.groupRef}'s ownership`
          : `Escalation policy ${policy.name} of ${value.groupRef}`
      }
    >
      {value.now.length === 0 ? (
        <Typography>
          {value.groupRef} has no schedule; its escalation path pages the people
          below.
        </Typography>
      ) : (
        <List dense disablePadding aria-label="Schedules">
          {value.now.map(({ schedule, shift }, index) => {
            const next = value.next[index]?.shift ?? null;
            return (
              <ListItem key={schedule.id} disableGutters divider>
                <WrappedListItemText
                  primary={
                    <Link to={scheduleRoute({ scheduleId: schedule.id })}>
                      {schedule.name}
                    </Link>
                  }
                  secondaryTypographyProps={{ component: 'div' }}
                  secondary={
                    <>
                      <div>
                        Now:{' '}
                        {shift && (
                          <Person userRef={shift.userRef} people={people} />
                        )}{' '}
                        {shiftText(shift, true)}
                      </div>
                      <div>
                        Next:{' '}
                        {next && (
                          <Person userRef={next.userRef} people={people} />
                        )}{' '}
                        {shiftText(next, false)}
                      </div>
                    </>
                  }
                />
              </ListItem>
            );
          })}
        </List>
      )}
      <Box mt={2}>
        <Typography variant="subtitle2">Escalation path</Typography>
        <List dense disablePadding aria-label="Escalation path">
          {value.path.map(level => (
            <ListItem key={level.level} disableGutters alignItems="flex-start">
              <WrappedListItemText
                primary={`Level ${level.level}, ${describeDelay(
                  level.delayMinutes,
                )}`}
                secondaryTypographyProps={{ component: 'div' }}
                secondary={
                  level.targets.length === 0 ? (
                    'Nobody to page at this level right now'
                  ) : (
                    <ul style={{ margin: 0, paddingLeft: 16 }}>
                      {level.targets.map(target => (
                        <li key={target.userRef}>
                          <Person userRef={target.userRef} people={people} />{' '}
                          <Typography
                            component="span"
                            variant="caption"
                            color="textSecondary"
                          >
                            {`(${target.reason})`}
                          </Typography>
                        </li>
                      ))}
                    </ul>
                  )
                }
              />
            </ListItem>
          ))}
        </List>
        {policy.repeat > 0 && (
          <Typography variant="caption" color="textSecondary">
            Runs {policy.repeat} more time{policy.repeat === 1 ? '' : 's'} when
            nobody acknowledges.
          </Typography>
        )}
      </Box>
    </InfoCard>
  );
}
