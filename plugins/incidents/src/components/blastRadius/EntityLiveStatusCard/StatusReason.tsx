import ListItem from '@material-ui/core/ListItem';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { EntityStatusReason } from '@lookout/plugin-incidents-common';
import { ImpactPath } from '../ImpactPath';
import { IncidentLink } from '../../incidents/IncidentLink';
import { LIVE_STATUS_LABELS } from '../LiveStatusChip';
import { WrappedListItemText } from '../../shared/WrappedListItemText';

/** Where a rolled-up reason came from: the part or owned entity that has the status itself. */
function Via(props: { entityRef?: string }) {
  if (!props.entityRef) return null;
  return (
    <>
      {' '}
      (via <EntityRefLink entityRef={props.entityRef} hideIcon />)
    </>
  );
}

function Headline(props: { reason: EntityStatusReason }) {
  const { reason } = props;
  const label = <strong>{LIVE_STATUS_LABELS[reason.status]}:</strong>;
  if (reason.type === 'maintenance') {
    return (
      <>
        {label} maintenance {reason.maintenanceId}
        <Via entityRef={reason.via} />
      </>
    );
  }
  return (
    <>
      {label} {reason.type === 'upstream' && 'upstream '}
      <IncidentLink id={reason.incidentId} /> ({reason.severity}) on{' '}
      <EntityRefLink entityRef={reason.entityRef} hideIcon />
      <Via entityRef={reason.via} />
    </>
  );
}

/**
 * One reason as a sentence, "Degraded performance: upstream INC-12 (SEV2) on postgres-main", and
 * for impact that spread from elsewhere the path it took from the incident's origin.
 */
export function StatusReason(props: { reason: EntityStatusReason }) {
  const { reason } = props;
  const path =
    reason.type !== 'maintenance' && reason.path && reason.path.length > 0 ? (
      <ImpactPath from={reason.entityRef} path={reason.path} />
    ) : undefined;
  return (
    <ListItem disableGutters>
      <WrappedListItemText
        primary={<Headline reason={reason} />}
        secondary={path}
        // the path holds links in spans; the default <p> would be fine, a <div> lets it wrap
        secondaryTypographyProps={{ component: 'div' }}
      />
    </ListItem>
  );
}
