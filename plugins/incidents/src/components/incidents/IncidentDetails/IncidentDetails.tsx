import { ReactNode, useId } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Incident, isOpenStatus } from '@lookout/plugin-incidents-common';
import {
  formatDuration,
  formatIncidentDuration,
  formatDateTime,
} from '../../shared/durations';
import { IncidentLink } from '../IncidentLink';
import { Markdown } from '../../shared/Markdown';
import { SeverityChip } from '../../shared/SeverityChip';
import { StatusChip } from '../../shared/StatusChip';
import { Actor } from '../../shared/Actor';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(1, 3),
    margin: 0,
  },
  term: { color: theme.palette.text.secondary },
  value: { margin: 0, overflowWrap: 'anywhere' },
}));

function acknowledgement(incident: Incident): string {
  if (incident.acknowledgedAt) {
    return `Yes, ${formatDuration(
      incident.declaredAt,
      incident.acknowledgedAt,
    )} after it was declared`;
  }
  return isOpenStatus(incident.status) ? 'Not yet' : 'Never';
}

/** The facts of an incident, as a responder scans them: what, how bad, since when, where. */
export function IncidentDetails(props: { incident: Incident }) {
  const { incident } = props;
  const classes = useStyles();
  const id = useId();
  const rows: Array<[string, ReactNode]> = [
    ['Severity', <SeverityChip severity={incident.severity} />],
    ['Status', <StatusChip status={incident.status} />],
    ['Acknowledged', acknowledgement(incident)],
    ['Declared', `${formatDateTime(incident.declaredAt)} (${incident.source})`],
    ['Declared by', <Actor entityRef={incident.createdBy} />],
    ['Duration', formatIncidentDuration(incident)],
    [
      'Origin',
      <EntityRefLink entityRef={incident.entityRef} defaultKind="component" />,
    ],
    [
      'Impacted',
      incident.impactedEntityRefs.length === 0
        ? 'Nothing else listed'
        : incident.impactedEntityRefs.map((ref, index) => (
            <span key={ref}>
              {index > 0 && ', '}
              <EntityRefLink entityRef={ref} defaultKind="component" />
            </span>
          )),
    ],
    ['Customer impact', incident.customerImpact || 'Not described yet'],
  ];
  if (incident.ownerRef) {
    rows.push([
      'Owner',
      <EntityRefLink entityRef={incident.ownerRef} defaultKind="group" />,
    ]);
  }
  if (incident.mergedInto) {
    rows.push(['Merged into', <IncidentLink id={incident.mergedInto} />]);
  }
  if (incident.links.length > 0) {
    rows.push([
      'Links',
      incident.links.map(link => (
        <Box key={link.url}>
          <Link to={link.url}>{link.title}</Link>
        </Box>
      )),
    ]);
  }
  const labels = Object.entries(incident.labels);
  if (labels.length > 0) {
    rows.push([
      'Labels',
      labels.map(([key, value]) => (
        <Chip key={key} size="small" label={`${key}=${value}`} />
      )),
    ]);
  }

  return (
    <InfoCard title="Details">
      <dl className={classes.list}>
        {rows.map(([term, value], index) => (
          <Box key={term} display="contents">
            {/* each value is named by its term, as ARIA asks of a definition */}
            <dt id={`${id}-${index}`} className={classes.term}>
              <Typography variant="body2">{term}</Typography>
            </dt>
            <dd aria-labelledby={`${id}-${index}`} className={classes.value}>
              <Typography variant="body2" component="div">
                {value}
              </Typography>
            </dd>
          </Box>
        ))}
      </dl>
      {incident.description && (
        <Box mt={2}>
          <Typography variant="subtitle2">Description</Typography>
          <Markdown content={incident.description} />
        </Box>
      )}
    </InfoCard>
  );
}
