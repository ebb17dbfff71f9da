import { useState } from 'react';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import CheckIcon from '@material-ui/icons/Check';
import { useApi } from '@backstage/core-plugin-api';
import {
  Incident,
  IncidentStatus,
  SEVERITIES,
  Severity,
  allowedTransitions,
  incidentResolvePermission,
  isOpenStatus,
} from '@lookout/plugin-incidents-common';
import { incidentsApiRef } from '../../../api/incidents';
import { RunIncidentAction } from '../../../hooks';
import { MergeIncidentDialog } from '../MergeIncidentDialog';
import { useSeverityInfo } from '../../../hooks';
import {
  IncidentUpdateAction,
  PermittedAction,
} from '../../shared/PermittedAction';
import { Row } from '../../shared/Row';
import { MenuButton } from './MenuButton';

/** The moves the backend checks against `incident.resolve` rather than `incident.update`. */
const ENDING_STATUSES: ReadonlySet<IncidentStatus> = new Set([
  'resolved',
  'closed',
  'declined',
  'merged',
]);

export interface IncidentActionsProps {
  incident: Incident;
  run: RunIncidentAction;
  busy: boolean;
}

/** Acknowledge, move through the status machine, change severity, or merge into a primary. */
export function IncidentActions(props: IncidentActionsProps) {
  const { incident, run, busy } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const severityInfo = useSeverityInfo();
  const [merging, setMerging] = useState(false);
  // Only legal moves are offered; the backend still has the last word (409) if the status moved.
  const transitions = allowedTransitions(incident.status);
  // Closed, declined and merged incidents are final; a resolved one may still be re-graded.
  const final = transitions.length === 0;
  const open = isOpenStatus(incident.status);

  const transition = (to: IncidentStatus) => {
    if (to === 'merged') {
      // Merging needs a primary, so it has its own endpoint and dialog.
      setMerging(true);
      return;
    }
    run(() =>
      incidentsApi.transitionIncident(incident.id, {
        to,
        version: incident.version,
      }),
    );
  };

  const changeSeverity = (severity: Severity) => {
    run(() =>
      incidentsApi.updateIncident(incident.id, {
        version: incident.version,
        severity,
      }),
    );
  };

  const merge = async (into: string) => {
    if (await run(() => incidentsApi.mergeIncident(incident.id, into))) {
      setMerging(false);
    }
  };

  return (
    <Row gap={8}>
      {open && !incident.acknowledgedAt && (
        <IncidentUpdateAction incidentId={incident.id}>
          <Button
            variant="contained"
            color="primary"
            startIcon={<CheckIcon />}
            disabled={busy}
            onClick={() =>
              run(() => incidentsApi.acknowledgeIncident(incident.id))
            }
          >
            Acknowledge
          </Button>
        </IncidentUpdateAction>
      )}
      <MenuButton
        menuId="incident-status-menu"
        label="Change status"
        incidentId={incident.id}
        disabled={busy || final}
      >
        {choose =>
          transitions.map(status => {
            const item = (
              <MenuItem key={status} onClick={choose(() => transition(status))}>
                {status}
              </MenuItem>
            );
            return ENDING_STATUSES.has(status) ? (
              <PermittedAction
                key={status}
                permission={incidentResolvePermission}
                resourceRef={incident.id}
              >
                {item}
              </PermittedAction>
            ) : (
              item
            );
          })
        }
      </MenuButton>
      <MenuButton
        menuId="incident-severity-menu"
        label="Change severity"
        incidentId={incident.id}
        disabled={busy || final}
      >
        {choose =>
          SEVERITIES.filter(code => code !== incident.severity).map(code => (
            <MenuItem key={code} onClick={choose(() => changeSeverity(code))}>
              {code} · {severityInfo[code].name}
            </MenuItem>
          ))
        }
      </MenuButton>
      <MergeIncidentDialog
        open={merging}
        incidentId={incident.id}
        busy={busy}
        onClose={() => setMerging(false)}
        onMerge={merge}
      />
    </Row>
  );
}
