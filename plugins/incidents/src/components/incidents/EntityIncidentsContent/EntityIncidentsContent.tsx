import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import AddAlertIcon from '@material-ui/icons/AddAlert';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Severity,
  incidentCreatePermission,
  isOpenStatus,
} from '@lookout/plugin-incidents-common';
import { useIncidentsSignal, usePagedIncidents } from '../../../hooks';
import { DeclareIncidentDialog } from '../DeclareIncidentDialog';
import { IncidentsTable } from '../IncidentsTable';
import { PermittedAction } from '../../shared/PermittedAction';
import { ResponseTimes } from '../ResponseTimes';
import { SeverityFilter } from '../../shared/SeverityFilter';
import {
  StatusFilter,
  StatusScope,
  statusesOf,
} from '../../shared/StatusFilter';

const PAGE_SIZE = 50;

/** The Incidents tab of an entity page: where it started or was hit, and a way to declare one. */
export function EntityIncidentsContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const [declaring, setDeclaring] = useState(false);
  const [scope, setScope] = useState<StatusScope>('all');
  const [severities, setSeverities] = useState<Severity[]>([]);

  const incidents = usePagedIncidents({
    entityRef,
    status: statusesOf(scope),
    severity: severities.length > 0 ? severities : undefined,
    limit: PAGE_SIZE,
  });
  useIncidentsSignal(incidents.reload, signal =>
    signal.entityRefs.includes(entityRef),
  );

  const items = incidents.items ?? [];
  const open = items.filter(incident => isOpenStatus(incident.status)).length;

  return (
    <>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="flex-end"
        justifyContent="space-between"
        mb={2}
        style={{ gap: 16 }}
      >
        <ResponseTimes scope={{ entityRef }} days={90} />
        <PermittedAction permission={incidentCreatePermission}>
          <Button
            variant="contained"
            color="primary"
            startIcon={<AddAlertIcon />}
            onClick={() => setDeclaring(true)}
          >
            Declare incident
          </Button>
        </PermittedAction>
      </Box>
      <Box display="flex" flexWrap="wrap" mb={2} style={{ gap: 16 }}>
        <StatusFilter value={scope} onChange={setScope} />
        <SeverityFilter value={severities} onChange={setSeverities} />
      </Box>
      {incidents.error && <ResponseErrorPanel error={incidents.error} />}
      {incidents.items ? (
        <IncidentsTable
          title="Incidents"
          subtitle={`${open} open · ${items.length - open} past`}
          incidents={items}
          loading={incidents.loading}
          // Incidents that only hit this entity started elsewhere; say where.
          showOrigin
          onLoadMore={incidents.hasMore ? incidents.loadMore : undefined}
          emptyContent={
            <Typography>
              {scope === 'all' && severities.length === 0
                ? 'No incidents on this entity yet.'
                : 'No incidents on this entity match these filters.'}
            </Typography>
          }
        />
      ) : (
        !incidents.error && <Progress />
      )}
      <DeclareIncidentDialog
        open={declaring}
        entityRef={entityRef}
        onClose={() => setDeclaring(false)}
        onDeclared={() => {
          setDeclaring(false);
          incidents.reload();
        }}
      />
    </>
  );
}
