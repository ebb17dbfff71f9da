import { ReactNode, useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { DateTime } from 'luxon';
import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { CustomerImpact, Incident } from '@lookout/plugin-incidents-common';
import { formatIncidentDuration } from '../../shared/durations';
import { IncidentLink } from '../IncidentLink';
import { SeverityChip } from '../../shared/SeverityChip';
import { StatusChip } from '../../shared/StatusChip';
import { useCustomerImpact } from '../../support/useCustomerImpact';

export interface IncidentsTableProps {
  title: string;
  subtitle?: string;
  incidents: Incident[];
  loading: boolean;
  emptyContent: ReactNode;
  /** Adds the Origin column, for lists that span many entities. */
  showOrigin?: boolean;
  /** Shows "Load more" below the table when given. */
  onLoadMore?: () => void;
}

const origin: TableColumn<Incident> = {
  title: 'Origin',
  field: 'entityRef',
  render: incident => (
    <EntityRefLink entityRef={incident.entityRef} defaultKind="component" />
  ),
};

/** Customers who reported each incident through a helpdesk, when support is installed. */
function customersColumn(
  impacts: Map<string, CustomerImpact>,
): TableColumn<Incident> {
  return {
    title: 'Customers',
    width: '100px',
    render: incident => impacts.get(incident.id)?.customers || '—',
  };
}

function columnsFor(
  showOrigin: boolean,
  impacts?: Map<string, CustomerImpact>,
): TableColumn<Incident>[] {
  return [
    {
      title: 'ID',
      field: 'id',
      width: '110px',
      cellStyle: { whiteSpace: 'nowrap' },
      render: incident => <IncidentLink id={incident.id} />,
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
    ...(showOrigin ? [origin] : []),
    {
      title: 'Declared',
      field: 'declaredAt',
      render: incident => {
        const declared = DateTime.fromISO(incident.declaredAt);
        return (
          <span title={declared.toLocaleString(DateTime.DATETIME_FULL)}>
            {declared.toRelative()}
          </span>
        );
      },
    },
    { title: 'Duration', render: formatIncidentDuration },
    ...(impacts ? [customersColumn(impacts)] : []),
  ];
}

/** Incidents with their id, severity, status and how long they ran; filtering is the caller's. */
export function IncidentsTable(props: IncidentsTableProps) {
  const { incidents, loading, showOrigin = false, onLoadMore } = props;
  // material-table keeps per-column state keyed by identity; rebuild only when the shape changes.
  const impacts = useCustomerImpact(incidents.map(i => i.id));
  const columns = useMemo(
    () => columnsFor(showOrigin, impacts),
    [showOrigin, impacts],
  );
  return (
    <>
      <Table<Incident>
        title={props.title}
        subtitle={props.subtitle}
        isLoading={loading}
        columns={columns}
        data={incidents}
        options={{ paging: false, search: false, padding: 'dense' }}
        emptyContent={<Box p={2}>{props.emptyContent}</Box>}
      />
      {onLoadMore && (
        <Box display="flex" justifyContent="center" mt={2}>
          <Button variant="outlined" disabled={loading} onClick={onLoadMore}>
            Load more
          </Button>
        </Box>
      )}
    </>
  );
}
