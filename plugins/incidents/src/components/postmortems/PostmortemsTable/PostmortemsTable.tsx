import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { PostmortemSummary } from '@lookout/plugin-incidents-common';
import { IncidentLink } from '../../incidents/IncidentLink';
import { PostmortemLink } from '../PostmortemLink';
import { SeverityChip } from '../../shared/SeverityChip';
import { LoadMore } from '../../shared/LoadMore';
import { PagedListView } from '../../shared/PagedListView';
import { PagedList } from '../../../hooks/usePagedList';

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

/**
 * A server-paged list of postmortems as a table: the server filters and pages, so the table
 * does neither; it shows the first page once it is in, and "Load more" while there are more.
 */
export function PostmortemsTable(props: {
  list: PagedList<PostmortemSummary>;
  /** What the table says when the list is empty. */
  emptyText: string;
}) {
  return (
    <PagedListView list={props.list}>
      {(postmortems, paging) => (
        <>
          <Table<PostmortemSummary>
            title="Postmortems"
            columns={columns}
            data={postmortems}
            isLoading={paging.loading}
            options={{ paging: false, search: false, padding: 'dense' }}
            emptyContent={
              <Box p={2}>
                <Typography>{props.emptyText}</Typography>
              </Box>
            }
          />
          <LoadMore {...paging} />
        </>
      )}
    </PagedListView>
  );
}
