import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useEntityStatus } from '../../../hooks';
import { LiveStatusChip } from '../LiveStatusChip';
import { StatusReason } from './StatusReason';

/** Kinds whose status is carried up from what they hold; the card says so. */
const ROLLUP_NOTES: Record<string, string> = {
  system: 'The worst status of the parts of this system.',
  domain: 'The worst status of the systems and parts of this domain.',
  group: 'The worst status of what this team owns.',
};

/** For any entity page: its live status now, and why, updated as incidents change. */
export function EntityLiveStatusCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value: status, error, loading } = useEntityStatus(entityRef);
  const rollup = ROLLUP_NOTES[entity.kind.toLocaleLowerCase('en-US')];

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!status) {
    content = loading ? (
      <Progress />
    ) : (
      <Typography>No status for this entity.</Typography>
    );
  } else {
    content = (
      <>
        <Box display="flex" alignItems="center" mb={1} style={{ gap: 8 }}>
          <LiveStatusChip status={status.status} size="medium" />
        </Box>
        {rollup && (
          <Typography variant="caption" color="textSecondary">
            {rollup}
          </Typography>
        )}
        {status.reasons.length === 0 ? (
          <Typography>
            No open incident or maintenance affects this entity.
          </Typography>
        ) : (
          <List dense disablePadding aria-label="Why">
            {status.reasons.map(reason => (
              <StatusReason
                key={
                  reason.type === 'maintenance'
                    ? `maintenance:${reason.maintenanceId}`
                    : `incident:${reason.incidentId}`
                }
                reason={reason}
              />
            ))}
          </List>
        )}
      </>
    );
  }

  return <InfoCard title="Live status">{content}</InfoCard>;
}
