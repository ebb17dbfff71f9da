import { useMemo } from 'react';
import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  BlastRadius,
  ImpactedEntity,
  ImpactPathStep,
  impactPaths,
} from '@lookout/plugin-incidents-common';
import { ImpactPath, formatImpactPath } from '../ImpactPath';

/**
 * An impacted entity with its whole path, rebuilt from the answer's `via` hops, and the path as
 * text, which the table's search reads.
 */
type Row = ImpactedEntity & { path: ImpactPathStep[]; pathText: string };

function columnsFor(root: string): TableColumn<Row>[] {
  return [
    {
      title: 'Entity',
      field: 'entityRef',
      render: row => <EntityRefLink entityRef={row.entityRef} />,
    },
    { title: 'Kind', field: 'kind', width: '110px' },
    { title: 'Distance', field: 'distance', type: 'numeric', width: '100px' },
    {
      title: 'Path',
      field: 'pathText',
      sorting: false,
      render: row => <ImpactPath from={root} path={row.path} />,
    },
    {
      title: 'Customer-facing',
      field: 'customerFacing',
      width: '150px',
      render: row => (row.customerFacing ? 'Yes' : 'No'),
    },
  ];
}

/** Every entity the backend returned, nearest first, paged so that a thousand stay quick. */
export function BlastRadiusTable(props: { blastRadius: BlastRadius }) {
  const { blastRadius } = props;
  const root = blastRadius.entityRef;
  // material-table keeps per-column state keyed by identity; rebuild only for a new root.
  const columns = useMemo(() => columnsFor(root), [root]);
  const rows = useMemo(() => {
    const paths = impactPaths(blastRadius);
    return blastRadius.impacted.map((entity, index) => ({
      ...entity,
      path: paths[index],
      pathText: formatImpactPath(root, paths[index]),
    }));
  }, [blastRadius, root]);
  return (
    <Table<Row>
      title={
        blastRadius.direction === 'downstream'
          ? 'Impacted entities'
          : 'Probable causes'
      }
      columns={columns}
      data={rows}
      options={{
        padding: 'dense',
        pageSize: 20,
        pageSizeOptions: [20, 50, 100],
        emptyRowsWhenPaging: false,
      }}
    />
  );
}
