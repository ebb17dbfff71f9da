import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemSecondaryAction from '@material-ui/core/ListItemSecondaryAction';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import { DateTime } from 'luxon';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { oncallManagePermission } from '@lookout/plugin-incidents-common';
import { oncallApiRef } from '../../../api/oncall';
import { useCatalogEntityOptions, useAction, useRefresh } from '../../../hooks';
import { oncallRouteRef } from '../../../routes';
import { IncidentsLayout } from '../../shared/IncidentsLayout';
import { PermittedAction } from '../../shared/PermittedAction';
import { ScheduleForm } from '../ScheduleForm';
import { ScheduleTimeline } from '../ScheduleTimeline';
import { OverrideForm } from './OverrideForm';

/** The timeline shows two weeks from the start of today in the schedule's zone. */
const DAYS = 14;

function when(iso: string): string {
  return DateTime.fromISO(iso).toLocaleString(DateTime.DATETIME_MED);
}

/** One schedule: its next two weeks, its overrides, and ways to change it. */
export function SchedulePage() {
  const { scheduleId = '' } = useParams();
  const oncallApi = useApi(oncallApiRef);
  const oncallRoute = useRouteRef(oncallRouteRef);
  const navigate = useNavigate();
  const [version, refresh] = useRefresh();
  const { run, busy, error: actionError, clearError } = useAction(refresh);
  const [editing, setEditing] = useState(false);
  const people = useCatalogEntityOptions(['User']);
  const names = useMemo(
    () =>
      Object.fromEntries(
        (people.value ?? []).map(p => [
          p.ref.toLocaleLowerCase('en-US'),
          p.label,
        ]),
      ),
    [people.value],
  );

  const loaded = useAsync(async () => {
    const schedule = await oncallApi.getSchedule(scheduleId);
    const from = DateTime.now().setZone(schedule.timeZone).startOf('day');
    const shifts = await oncallApi.getShifts(scheduleId, {
      from: from.toUTC().toISO()!,
      to: from.plus({ days: DAYS }).toUTC().toISO()!,
    });
    return { schedule, shifts };
  }, [oncallApi, scheduleId, version]);

  if (loaded.error) {
    return (
      <IncidentsLayout selected="oncall" subtitle="Schedule">
        <ResponseErrorPanel error={loaded.error} />
      </IncidentsLayout>
    );
  }
  if (!loaded.value) {
    return (
      <IncidentsLayout selected="oncall" subtitle="Schedule">
        <Progress />
      </IncidentsLayout>
    );
  }
  const { schedule, shifts } = loaded.value;
  const name = (ref: string) => names[ref] ?? ref;

  return (
    <IncidentsLayout
      selected="oncall"
      subtitle={`${schedule.name} · ${schedule.ownerRef}`}
    >
      {actionError && (
        <Alert severity="error" onClose={clearError}>
          {actionError}
        </Alert>
      )}
      <Box display="flex" justifyContent="flex-end" mb={2} style={{ gap: 8 }}>
        <PermittedAction permission={oncallManagePermission}>
          <Button variant="outlined" onClick={() => setEditing(true)}>
            Edit schedule
          </Button>
        </PermittedAction>
        <PermittedAction permission={oncallManagePermission}>
          <Button
            variant="outlined"
            disabled={busy}
            onClick={async () => {
              if (await run(() => oncallApi.deleteSchedule(schedule.id))) {
                navigate(oncallRoute());
              }
            }}
          >
            Delete schedule
          </Button>
        </PermittedAction>
      </Box>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <InfoCard title={`Next ${DAYS} days`}>
            <ScheduleTimeline
              shifts={shifts}
              timeZone={schedule.timeZone}
              names={names}
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard
            title="Overrides"
            subheader="Someone covers a time range, whatever the layers say"
          >
            {schedule.overrides.length === 0 ? (
              <Typography>No overrides coming.</Typography>
            ) : (
              <List dense aria-label="Coming overrides">
                {schedule.overrides.map(override => (
                  <ListItem key={override.id} disableGutters divider>
                    <ListItemText
                      primary={`${name(override.userRef)}${
                        override.replacesUserRef
                          ? ` covers for ${name(override.replacesUserRef)}`
                          : ''
                      }`}
                      secondary={`${when(override.startsAt)} – ${when(
                        override.endsAt,
                      )}`}
                    />
                    <ListItemSecondaryAction>
                      <PermittedAction permission={oncallManagePermission}>
                        <IconButton
                          edge="end"
                          disabled={busy}
                          aria-label={`Delete override by ${name(
                            override.userRef,
                          )}`}
                          onClick={() =>
                            run(() =>
                              oncallApi.deleteOverride(
                                schedule.id,
                                override.id,
                              ),
                            )
                          }
                        >
                          <DeleteIcon />
                        </IconButton>
                      </PermittedAction>
                    </ListItemSecondaryAction>
                  </ListItem>
                ))}
              </List>
            )}
            <OverrideForm
              busy={busy}
              onCreate={override =>
                run(() => oncallApi.addOverride(schedule.id, override))
              }
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Layers">
            <List dense aria-label="Layers">
              {schedule.layers.map(layer => (
                <ListItem key={layer.name} disableGutters divider>
                  <ListItemText
                    primary={layer.name}
                    secondary={`${layer.rotation} at ${
                      layer.handoffTime
                    } · ${layer.members.map(name).join(', ')}${
                      layer.restrictions.length ? ' · restricted' : ''
                    }`}
                  />
                </ListItem>
              ))}
            </List>
          </InfoCard>
        </Grid>
      </Grid>
      {editing && (
        <ScheduleForm
          open
          schedule={schedule}
          onClose={() => setEditing(false)}
          onSave={async input => {
            await oncallApi.updateSchedule(schedule.id, {
              ...input,
              version: schedule.version,
            });
            refresh();
          }}
        />
      )}
    </IncidentsLayout>
  );
}
