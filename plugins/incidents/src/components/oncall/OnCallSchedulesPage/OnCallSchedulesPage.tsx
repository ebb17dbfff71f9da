import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemSecondaryAction from '@material-ui/core/ListItemSecondaryAction';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  EscalationPolicy,
  EscalationTarget,
  oncallManagePermission,
  Schedule,
} from '@lookout/plugin-incidents-common';
import { errorMessage } from '../../../api';
import { oncallApiRef } from '../../../api/oncall';
import { useRefresh } from '../../../hooks';
import { importRouteRef, scheduleRouteRef } from '../../../routes';
import { EscalationPolicyEditor } from '../EscalationPolicyEditor';
import { IncidentsLayout } from '../../shared/IncidentsLayout';
import { describeDelay } from '../OnCallCard';
import { PagingBehindAlert } from '../../paging/PagingBehindAlert';
import { PagingWebhooksCard } from '../../paging/PagingWebhooks';
import { PermittedAction } from '../../shared/PermittedAction';
import { ScheduleForm } from '../ScheduleForm';
import { WrappedListItemText } from '../../shared/WrappedListItemText';

function describeTarget(
  target: EscalationTarget,
  schedules: Map<string, string>,
): string {
  switch (target.type) {
    case 'schedule':
      return `on call for ${
        schedules.get(target.scheduleId) ?? target.scheduleId
      }`;
    case 'user':
      return target.userRef;
    case 'group_members':
      return `members of ${target.groupRef}`;
    default:
      return "the parent team's on-call";
  }
}

/** "Level 1 immediately: on call for Checkout primary · Level 2 after 10 min: …" */
export function describeLevels(
  policy: EscalationPolicy,
  schedules: Schedule[],
): string {
  const names = new Map(schedules.map(s => [s.id, s.name]));
  return policy.levels
    .map(
      (level, index) =>
        `Level ${index + 1} ${describeDelay(
          level.delayMinutes,
        )}: ${level.targets.map(t => describeTarget(t, names)).join(', ')}`,
    )
    .join(' · ');
}

type Editing =
  | { kind: 'schedule' }
  | { kind: 'policy'; policy?: EscalationPolicy };

/**
 * The On call tab: every schedule and escalation policy, and ways to add and change them; below
 * them, the webhooks pages are also posted to.
 */
export function OnCallSchedulesPage() {
  const oncallApi = useApi(oncallApiRef);
  const scheduleRoute = useRouteRef(scheduleRouteRef);
  const importRoute = useRouteRef(importRouteRef);
  const [version, refresh] = useRefresh();
  const [editing, setEditing] = useState<Editing>();
  const [actionError, setActionError] = useState<string>();
  const schedules = useAsync(
    () => oncallApi.listSchedules(),
    [oncallApi, version],
  );
  const policies = useAsync(
    () => oncallApi.listPolicies(),
    [oncallApi, version],
  );

  const remove = async (policy: EscalationPolicy) => {
    setActionError(undefined);
    try {
      await oncallApi.deletePolicy(policy.id);
      refresh();
    } catch (e) {
      setActionError(errorMessage(e));
    }
  };

  let scheduleList;
  if (schedules.error) {
    scheduleList = <ResponseErrorPanel error={schedules.error} />;
  } else if (!schedules.value) {
    scheduleList = <Progress />;
  } else if (schedules.value.length === 0) {
    scheduleList = <Typography>No schedules yet.</Typography>;
  } else {
    scheduleList = (
      <List dense aria-label="Schedules">
        {schedules.value.map(schedule => (
          <ListItem key={schedule.id} disableGutters divider>
            <WrappedListItemText
              primary={
                <Link to={scheduleRoute({ scheduleId: schedule.id })}>
                  {schedule.name}
                </Link>
              }
              secondary={`${schedule.ownerRef} · ${schedule.timeZone} · ${
                schedule.layers.length
              } layer${schedule.layers.length === 1 ? '' : 's'}`}
            />
          </ListItem>
        ))}
      </List>
    );
  }

  let policyList;
  if (policies.error) {
    policyList = <ResponseErrorPanel error={policies.error} />;
  } else if (!policies.value) {
    policyList = <Progress />;
  } else if (policies.value.length === 0) {
    policyList = <Typography>No escalation policies yet.</Typography>;
  } else {
    policyList = (
      <List dense aria-label="Escalation policies">
        {policies.value.map(policy => (
          <ListItem key={policy.id} disableGutters divider>
            <WrappedListItemText
              style={{ paddingRight: 96 }}
              primary={`${policy.name} (${policy.ownerRef})`}
              secondary={`${describeLevels(policy, schedules.value ?? [])}${
                policy.repeat ? ` · repeats ${policy.repeat}×` : ''
              }`}
            />
            <ListItemSecondaryAction>
              <PermittedAction permission={oncallManagePermission}>
                <IconButton
                  aria-label={`Edit escalation policy ${policy.name}`}
                  onClick={() => setEditing({ kind: 'policy', policy })}
                >
                  <EditIcon />
                </IconButton>
              </PermittedAction>
              <PermittedAction permission={oncallManagePermission}>
                <IconButton
                  edge="end"
                  aria-label={`Delete escalation policy ${policy.name}`}
                  onClick={() => remove(policy)}
                >
                  <DeleteIcon />
                </IconButton>
              </PermittedAction>
            </ListItemSecondaryAction>
          </ListItem>
        ))}
      </List>
    );
  }

  return (
    <IncidentsLayout
      selected="oncall"
      subtitle="Schedules, escalation policies and paging webhooks"
    >
      <PagingBehindAlert />
      {actionError && (
        <Alert severity="error" onClose={() => setActionError(undefined)}>
          {actionError}
        </Alert>
      )}
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <InfoCard
            title="Schedules"
            action={
              <PermittedAction permission={oncallManagePermission}>
                <Button
                  color="primary"
                  onClick={() => setEditing({ kind: 'schedule' })}
                >
                  New schedule
                </Button>
              </PermittedAction>
            }
            deepLink={{
              title: 'Import from PagerDuty or Opsgenie',
              link: importRoute(),
            }}
          >
            {scheduleList}
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard
            title="Escalation policies"
            subheader="A team without one pages its schedules' on-call (or its members), then its parent team's"
            action={
              <PermittedAction permission={oncallManagePermission}>
                <Button
                  color="primary"
                  onClick={() => setEditing({ kind: 'policy' })}
                >
                  New policy
                </Button>
              </PermittedAction>
            }
          >
            {policyList}
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <PagingWebhooksCard />
        </Grid>
      </Grid>
      {editing?.kind === 'schedule' && (
        <ScheduleForm
          open
          onClose={() => setEditing(undefined)}
          onSave={async input => {
            await oncallApi.createSchedule(input);
            refresh();
          }}
        />
      )}
      {editing?.kind === 'policy' && (
        <EscalationPolicyEditor
          open
          policy={editing.policy}
          schedules={schedules.value ?? []}
          onClose={() => setEditing(undefined)}
          onSave={async input => {
            if (editing.policy) {
              await oncallApi.updatePolicy(editing.policy.id, {
                ...input,
                version: editing.policy.version,
              });
            } else {
              await oncallApi.createPolicy(input);
            }
            refresh();
          }}
        />
      )}
    </IncidentsLayout>
  );
}
