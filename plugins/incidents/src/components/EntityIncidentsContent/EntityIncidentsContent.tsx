import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import AddAlertIcon from '@material-ui/icons/AddAlert';
import { DateTime } from 'luxon';
import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Incident, isOpenStatus } from '@lookout/plugin-incidents-common';
import { incidentsApiRef } from '../../api';
import { DeclareIncidentDialog } from '../DeclareIncidentDialog';
import { SeverityChip } from '../SeverityChip';
import { StatusChip } from '../StatusChip';
import { formatDuration } from './durations';

const columns: TableColumn<Incident>[] = [
  {
    title: 'ID',
    field: 'id',
    width: '110px',
    cellStyle: { whiteSpace: 'nowrap' },
  },
  { title: 'Title', field: 'title' },
  {
    title: 'Severity',
    field: 'severity',
    width: '100px',
    render: incident => <SeverityChip severity={incident.severity} />,
  },
  {
    title: 'Status',
    field: 'status',
    width: '130px',
    render: incident => <StatusChip status={incident.status} />,
  },
  {
    title: 'Declared',
    field: 'declaredAt',
    render: incident => (
      <span title={incident.declaredAt}>
        {DateTime.fromISO(incident.declaredAt).toRelative()}
      </span>
    ),
  },
  {
    title: 'Duration',
    render: incident =>
      isOpenStatus(incident.status)
        ? `${formatDuration(incident.declaredAt)} so far`
        : formatDuration(incident.declaredAt, incident.resolvedAt),
  },
];

/** The Incidents tab of an entity page: where it started or was hit, and a way to declare one. */
export function EntityIncidentsContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const incidentsApi = useApi(incidentsApiRef);
  const [declaring, setDeclaring] = useState(false);

  const { value, loading, error, retry } = useAsyncRetry(
    () => incidentsApi.listIncidents({ entityRef, limit: 100 }),
    [incidentsApi, entityRef],
  );

  if (error) {
    return <ResponseErrorPanel error={error} />;
  }

  const incidents = value?.items ?? [];
  const open = incidents.filter(i => isOpenStatus(i.status)).length;

  return (
    <>
      <Box display="flex" justifyContent="flex-end" mb={2}>
        <Button
          variant="contained"
          color="primary"
          startIcon={<AddAlertIcon />}
          onClick={() => setDeclaring(true)}
        >
          Declare incident
        </Button>
      </Box>
      <Table<Incident>
        title="Incidents"
        subtitle={
          loading ? undefined : `${open} open · ${incidents.length - open} past`
        }
        isLoading={loading}
        columns={columns}
        data={incidents}
        options={{ paging: incidents.length > 20, pageSize: 20, search: true }}
        emptyContent={
          <Typography style={{ padding: 16 }}>
            No incidents on this entity yet.
          </Typography>
        }
      />
      <DeclareIncidentDialog
        open={declaring}
        entityRef={entityRef}
        onClose={() => setDeclaring(false)}
        onDeclared={() => {
          setDeclaring(false);
          retry();
        }}
      />
    </>
  );
}
