import { ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { PostmortemSummary } from '@lookout/plugin-incidents-common';
import { IncidentLink } from '../../incidents/IncidentLink';
import { PostmortemLink } from '../PostmortemLink';
import { SeverityChip } from '../../shared/SeverityChip';

const STATUS_LABELS: Record<PostmortemSummary['status'], string> = {
  draft: 'Draft',
  in_review: 'In review',
  published: 'Published',
};

/** A postmortem's status in words. */
export function postmortemStatusLabel(status: PostmortemSummary['status']) {
  return STATUS_LABELS[status];
}

const columns: TableColumn<PostmortemSummary>[] = [
  {
    title: 'Postmortem',
    field: 'title',
    render: p => <PostmortemLink id={p.id}>{p.title}</PostmortemLink>,
  },
  {
    title: 'Incident',
    field: 'incidentId',
    render: p => <IncidentLink id={p.incidentId} />,
  },
  {
    title: 'Severity',
    field: 'severity',
    render: p => <SeverityChip severity={p.severity} />,
  },
  {
    title: 'Status',
    field: 'status',
    render: p => STATUS_LABELS[p.status],
  },
  {
    title: 'Entity',
    field: 'entityRef',
    render: p => <EntityRefLink entityRef={p.entityRef} />,
  },
  {
    title: 'Cause',
    field: 'causeCategory',
    render: p => (
      <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
        {p.causeCategory && (
          <Chip size="small" label={p.causeCategory} color="primary" />
        )}
        {p.tags.map(tag => (
          <Chip key={tag} size="small" label={tag} variant="outlined" />
        ))}
      </Box>
    ),
  },
  {
    title: 'Incident declared',
    field: 'incidentDeclaredAt',
    render: p => new Date(p.incidentDeclaredAt).toLocaleDateString(),
  },
];

/** Postmortems as a table; the server filters and pages, so the table does neither. */
export function PostmortemsTable(props: {
  title: string;
  postmortems: PostmortemSummary[];
  loading?: boolean;
  onLoadMore?: () => void;
  emptyContent?: ReactNode;
}) {
  return (
    <>
      <Table<PostmortemSummary>
        title={props.title}
        columns={columns}
        data={props.postmortems}
        isLoading={props.loading}
        options={{ paging: false, search: false, padding: 'dense' }}
        emptyContent={props.emptyContent}
      />
      {props.onLoadMore && (
        <Box mt={1} display="flex" justifyContent="center">
          <Button onClick={props.onLoadMore} disabled={props.loading}>
            Load more
          </Button>
        </Box>
      )}
    </>
  );
}
