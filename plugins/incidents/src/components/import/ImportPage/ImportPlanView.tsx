import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import {
  ImportAction,
  ImportPlan,
  ImportPlanObject,
} from '@lookout/plugin-incidents-common';

const ACTION_LABELS: Record<ImportAction, string> = {
  matched: 'Matched',
  create: 'Create',
  update: 'Update',
  unchanged: 'Unchanged',
  delete: 'Delete',
  skip: 'Skipped',
};

const KIND_LABELS: Record<ImportPlanObject['kind'], string> = {
  user: 'User',
  team: 'Team',
  service: 'Service',
  schedule: 'Schedule',
  override: 'Override',
  escalation_policy: 'Escalation policy',
};

/** A schedule's match with the vendor, and every mismatched stretch on request. */
function Fidelity(props: { object: ImportPlanObject }) {
  const [open, setOpen] = useState(false);
  const { fidelity } = props.object;
  if (!fidelity) return null;
  const exact = fidelity.mismatches.length === 0;
  return (
    <Box>
      <Chip
        size="small"
        color={exact ? 'primary' : 'secondary'}
        label={`${fidelity.matchPercent}% match`}
      />
      {!exact && (
        <Link
          component="button"
          variant="body2"
          style={{ marginLeft: 8 }}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Hide' : 'Show'} {fidelity.mismatches.length} mismatched
          stretches
        </Link>
      )}
      {open && (
        <ul aria-label={`Mismatches of ${props.object.name}`}>
          {fidelity.mismatches.map(m => (
            <li key={m.startsAt}>
              {m.startsAt} → {m.endsAt}: vendor{' '}
              {m.vendor.join(', ') || 'nobody'}, Lookout{' '}
              {m.lookout.join(', ') || 'nobody'}
            </li>
          ))}
        </ul>
      )}
    </Box>
  );
}

const columns: TableColumn<ImportPlanObject>[] = [
  { title: 'Kind', render: o => KIND_LABELS[o.kind], width: '12%' },
  { title: 'Name', field: 'name' },
  { title: 'Becomes', render: o => ACTION_LABELS[o.action], width: '10%' },
  { title: 'In Lookout', render: o => o.target ?? '' },
  {
    title: 'Exact?',
    render: o => (
      <Box>
        {o.reason && <Typography variant="body2">{o.reason}</Typography>}
        {o.notExact.map(note => (
          <Typography key={note} variant="body2" color="error">
            Not exact: {note}
          </Typography>
        ))}
        <Fidelity object={o} />
      </Box>
    ),
  },
];

/** What a dry run or an import says about every vendor object, with its totals. */
export function ImportPlanView(props: { plan: ImportPlan }) {
  const { plan } = props;
  const { summary } = plan;
  return (
    <InfoCard
      title={plan.mode === 'plan' ? 'Dry run' : 'Imported'}
      subheader={`${plan.apiUrl} · ${plan.generatedAt}`}
    >
      <Box
        display="flex"
        style={{ gap: 8 }}
        mb={2}
        aria-label="Import summary"
        role="group"
      >
        <Chip label={`${summary.planned} planned`} />
        <Chip label={`${summary.imported} imported`} />
        <Chip label={`${summary.skipped} skipped`} />
        <Chip label={`${summary.unchanged} unchanged`} />
      </Box>
      <Table
        options={{ paging: false, search: true, padding: 'dense' }}
        columns={columns}
        data={plan.objects}
        title={`${plan.objects.length} objects`}
      />
    </InfoCard>
  );
}
