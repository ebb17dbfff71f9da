import { useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { Severity } from '@lookout/plugin-incidents-common';
import { useIncidentsSignal, usePagedIncidents } from '../../../hooks';
import { IncidentsLayout } from '../../shared/IncidentsLayout';
import { IncidentsTable } from '../IncidentsTable';
import { SeverityFilter } from '../../shared/SeverityFilter';
import {
  StatusFilter,
  StatusScope,
  statusesOf,
} from '../../shared/StatusFilter';
import { Row } from '../../shared/Row';

const PAGE_SIZE = 50;
/** Long enough to not query on every keystroke, short enough to feel live. */
const SEARCH_DEBOUNCE_MS = 300;

/** Every incident Lookout tracks, filtered on the server, paged by cursor, updated live. */
export function IncidentsPage() {
  const [scope, setScope] = useState<StatusScope>('open');
  const [severities, setSeverities] = useState<Severity[]>([]);
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  useDebounce(() => setQ(search.trim()), SEARCH_DEBOUNCE_MS, [search]);

  const incidents = usePagedIncidents({
    status: statusesOf(scope),
    severity: severities.length > 0 ? severities : undefined,
    q: q || undefined,
    limit: PAGE_SIZE,
  });
  useIncidentsSignal(incidents.reload);

  const table = incidents.items ? (
    <IncidentsTable
      title={scope === 'open' ? 'Open incidents' : 'All incidents'}
      incidents={incidents.items}
      loading={incidents.loading}
      showOrigin
      onLoadMore={incidents.hasMore ? incidents.loadMore : undefined}
      emptyContent={<Typography>No incidents match these filters.</Typography>}
    />
  ) : null;

  return (
    <IncidentsLayout
      selected="incidents"
      subtitle="Declared on anything in the catalog"
    >
      <Row>
        <StatusFilter
          value={scope}
          onChange={setScope}
          scopes={['open', 'all']}
        />
        <SeverityFilter value={severities} onChange={setSeverities} />
        <TextField
          id="incidents-search"
          type="search"
          size="small"
          variant="outlined"
          label="Search"
          placeholder="Title or description"
          value={search}
          onChange={e => setSearch(e.target.value)}
        />
      </Row>
      {incidents.error && <ResponseErrorPanel error={incidents.error} />}
      {table ?? (!incidents.error && <Progress />)}
    </IncidentsLayout>
  );
}
