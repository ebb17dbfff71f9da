import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import AddAlertIcon from '@material-ui/icons/AddAlert';
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
import { Row } from '../../shared/Row';
import { PagedListView } from '../../shared/PagedListView';

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
      <Row alignItems="flex-end" justifyContent="space-between">
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
      </Row>
      <Row>
        <StatusFilter value={scope} onChange={setScope} />
        <SeverityFilter value={severities} onChange={setSeverities} />
      </Row>
      <PagedListView list={incidents}>
        {(shown, paging) => (
          <IncidentsTable
            title="Incidents"
            subtitle={`${open} open · ${items.length - open} past`}
            incidents={shown}
            // Incidents that only hit this entity started elsewhere; say where.
            showOrigin
            emptyContent={
              <Typography>
                {scope === 'all' && severities.length === 0
                  ? 'No incidents on this entity yet.'
                  : 'No incidents on this entity match these filters.'}
              </Typography>
            }
            {...paging}
          />
        )}
      </PagedListView>
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
