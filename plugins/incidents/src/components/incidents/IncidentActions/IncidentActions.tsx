import { MouseEvent, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Menu from '@material-ui/core/Menu';
import MenuItem from '@material-ui/core/MenuItem';
import ArrowDropDownIcon from '@material-ui/icons/ArrowDropDown';
import CheckIcon from '@material-ui/icons/Check';
import { useApi } from '@backstage/core-plugin-api';
import {
  Incident,
  IncidentStatus,
  SEVERITIES,
  Severity,
  allowedTransitions,
  incidentResolvePermission,
  incidentUpdatePermission,
  isOpenStatus,
} from '@lookout/plugin-incidents-common';
import { incidentsApiRef } from '../../../api/incidents';
import { RunIncidentAction } from '../../../hooks';
import { MergeIncidentDialog } from '../MergeIncidentDialog';
import { useSeverityInfo } from '../../../hooks';
import { PermittedAction } from '../../shared/PermittedAction';

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
  const [statusAnchor, setStatusAnchor] = useState<HTMLElement | null>(null);
  const [severityAnchor, setSeverityAnchor] = useState<HTMLElement | null>(
    null,
  );
  const [merging, setMerging] = useState(false);
  // Only legal moves are offered; the backend still has the last word (409) if the status moved.
  const transitions = allowedTransitions(incident.status);
  // Closed, declined and merged incidents are final; a resolved one may still be re-graded.
  const final = transitions.length === 0;
  const open = isOpenStatus(incident.status);

  const transition = (to: IncidentStatus) => {
    setStatusAnchor(null);
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
    setSeverityAnchor(null);
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
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} mb={2}>
      {open && !incident.acknowledgedAt && (
        <PermittedAction
          permission={incidentUpdatePermission}
          resourceRef={incident.id}
        >
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
        </PermittedAction>
      )}
      <PermittedAction
        permission={incidentUpdatePermission}
        resourceRef={incident.id}
      >
        <Button
          variant="outlined"
          aria-haspopup="menu"
          aria-controls="incident-status-menu"
          endIcon={<ArrowDropDownIcon />}
          disabled={busy || final}
          onClick={(e: MouseEvent<HTMLElement>) =>
            setStatusAnchor(e.currentTarget)
          }
        >
          Change status
        </Button>
      </PermittedAction>
      <Menu
        id="incident-status-menu"
        anchorEl={statusAnchor}
        open={Boolean(statusAnchor)}
        onClose={() => setStatusAnchor(null)}
      >
        {transitions.map(status =>
          ENDING_STATUSES.has(status) ? (
            <PermittedAction
              key={status}
              permission={incidentResolvePermission}
              resourceRef={incident.id}
            >
              <MenuItem onClick={() => transition(status)}>{status}</MenuItem>
            </PermittedAction>
          ) : (
            <MenuItem key={status} onClick={() => transition(status)}>
              {status}
            </MenuItem>
          ),
        )}
      </Menu>
      <PermittedAction
        permission={incidentUpdatePermission}
        resourceRef={incident.id}
      >
        <Button
          variant="outlined"
          aria-haspopup="menu"
          aria-controls="incident-severity-menu"
          endIcon={<ArrowDropDownIcon />}
          disabled={busy || final}
          onClick={(e: MouseEvent<HTMLElement>) =>
            setSeverityAnchor(e.currentTarget)
          }
        >
          Change severity
        </Button>
      </PermittedAction>
      <Menu
        id="incident-severity-menu"
        anchorEl={severityAnchor}
        open={Boolean(severityAnchor)}
        onClose={() => setSeverityAnchor(null)}
      >
        {SEVERITIES.filter(code => code !== incident.severity).map(code => (
          <MenuItem key={code} onClick={() => changeSeverity(code)}>
            {code} · {severityInfo[code].name}
          </MenuItem>
        ))}
      </Menu>
      <MergeIncidentDialog
        open={merging}
        incidentId={incident.id}
        busy={busy}
        onClose={() => setMerging(false)}
        onMerge={merge}
      />
    </Box>
  );
}
