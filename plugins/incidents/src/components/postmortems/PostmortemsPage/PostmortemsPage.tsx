import { useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useApi } from '@backstage/core-plugin-api';
import {
  ListPostmortemsQuery,
  PostmortemStatus,
  Severity,
} from '@lookout/plugin-incidents-common';
import { postmortemsApiRef } from '../../../api/postmortems';
import { usePagedList } from '../../../hooks/usePagedList';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';
import { IncidentsLayout } from '../../shared/IncidentsLayout';
import { PostmortemsTable } from '../PostmortemsTable';
import { SeverityFilter } from '../../shared/SeverityFilter';
import { Row } from '../../shared/Row';

const PAGE_SIZE = 50;
/** Long enough to not query on every keystroke, short enough to feel live. */
const DEBOUNCE_MS = 300;

/** A `<input type="date">` day as the start of that day in UTC, for the `from`/`to` filters. */
const dayStart = (day: string) => (day ? `${day}T00:00:00.000Z` : undefined);
const nextDayStart = (day: string) =>
  day
    ? new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString()
    : undefined;

/** One end of the incident-date filter, a day as `<input type="date">` holds it. */
function DayField(props: {
  id: string;
  label: string;
  day: string;
  onChange: (day: string) => void;
}) {
  return (
    <TextField
      id={props.id}
      type="date"
      size="small"
      variant="outlined"
      label={props.label}
      InputLabelProps={{ shrink: true }}
      value={props.day}
      onChange={e => props.onChange(e.target.value)}
    />
  );
}

/**
 * Every postmortem, filtered on the server by entity, team, system, severity, status, tag and
 * incident date, with full-text search over everything written.
 */
export function PostmortemsPage() {
  const postmortemsApi = useApi(postmortemsApiRef);
  const [entityRef, setEntityRef] = useState<string | null>(null);
  const [ownerRef, setOwnerRef] = useState<string | null>(null);
  const [systemRef, setSystemRef] = useState<string | null>(null);
  const [severities, setSeverities] = useState<Severity[]>([]);
  const [status, setStatus] = useState<PostmortemStatus | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [typed, setTyped] = useState({ search: '', tag: '' });
  const [debounced, setDebounced] = useState(typed);
  useDebounce(() => setDebounced(typed), DEBOUNCE_MS, [typed]);

  const query: ListPostmortemsQuery = {
    entityRef: entityRef ?? undefined,
    ownerRef: ownerRef ?? undefined,
    systemRef: systemRef ?? undefined,
    severity: severities.length > 0 ? severities : undefined,
    status: status ? [status] : undefined,
    tag: debounced.tag.trim() || undefined,
    q: debounced.search.trim() || undefined,
    from: dayStart(from),
    to: nextDayStart(to),
    limit: PAGE_SIZE,
  };
  const list = usePagedList(JSON.stringify(query), cursor =>
    postmortemsApi.listPostmortems({ ...query, cursor }),
  );

  return (
    <IncidentsLayout
      selected="postmortems"
      subtitle="What we learned from every incident"
    >
      <Row>
        <TextField
          id="postmortems-search"
          type="search"
          size="small"
          variant="outlined"
          label="Search"
          placeholder="Words in any section"
          value={typed.search}
          onChange={e => setTyped({ ...typed, search: e.target.value })}
        />
        <SeverityFilter value={severities} onChange={setSeverities} />
        <TextField
          id="postmortems-status"
          select
          size="small"
          variant="outlined"
          label="Status"
          value={status}
          onChange={e => setStatus(e.target.value as PostmortemStatus | '')}
          style={{ minWidth: 140 }}
        >
          <MenuItem value="">Any</MenuItem>
          <MenuItem value="draft">Draft</MenuItem>
          <MenuItem value="in_review">In review</MenuItem>
          <MenuItem value="published">Published</MenuItem>
        </TextField>
        <TextField
          id="postmortems-tag"
          size="small"
          variant="outlined"
          label="Tag or cause"
          value={typed.tag}
          onChange={e => setTyped({ ...typed, tag: e.target.value })}
        />
        <DayField
          id="postmortems-from"
          label="From"
          day={from}
          onChange={setFrom}
        />
        <DayField id="postmortems-to" label="To" day={to} onChange={setTo} />
      </Row>
      <Row>
        <Box minWidth={260}>
          <CatalogEntityPicker
            id="postmortems-entity"
            label="Entity"
            kinds={['Component', 'Resource', 'API', 'System']}
            value={entityRef}
            onChange={setEntityRef}
          />
        </Box>
        <Box minWidth={260}>
          <CatalogEntityPicker
            id="postmortems-team"
            label="Team"
            kinds={['Group']}
            value={ownerRef}
            onChange={setOwnerRef}
          />
        </Box>
        <Box minWidth={260}>
          <CatalogEntityPicker
            id="postmortems-system"
            label="System"
            kinds={['System', 'Domain']}
            value={systemRef}
            onChange={setSystemRef}
          />
        </Box>
      </Row>
      <PostmortemsTable
        list={list}
        emptyText="No postmortems match these filters."
      />
    </IncidentsLayout>
  );
}
