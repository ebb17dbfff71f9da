import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { EntityRefLinks } from '@backstage/plugin-catalog-react';
import { BlastRadius } from '@lookout/plugin-incidents-common';

function Refs(props: { label: string; refs: string[] }) {
  return (
    <Typography variant="body2">
      {props.label}:{' '}
      {props.refs.length > 0 ? (
        <EntityRefLinks entityRefs={props.refs} hideIcons />
      ) : (
        'none'
      )}
    </Typography>
  );
}

/** Why the list may be short: the walk stopped at the depth, or at the first `limit` entities. */
function cutoffMessage(blastRadius: BlastRadius): string {
  const { maxDepth, limit, total } = blastRadius;
  if (total > limit) {
    return `Limited to the first ${limit} entities: ${total} were reached within depth ${maxDepth}.`;
  }
  return `Limited to depth ${maxDepth}: it may reach further. Choose a greater depth to see more.`;
}

/** How many, which systems, domains and teams, how many customer-facing, and what was cut. */
export function BlastRadiusSummary(props: { blastRadius: BlastRadius }) {
  const { blastRadius } = props;
  const listed = blastRadius.impacted.length;
  const noun =
    blastRadius.direction === 'downstream' ? 'impacted' : 'probable causes';
  return (
    <Box mb={2} aria-label="Summary" role="group">
      <Typography variant="h6" component="p">
        {listed} {noun} · {blastRadius.customerFacing.length} customer-facing
      </Typography>
      <Refs label="Systems" refs={blastRadius.systems} />
      <Refs label="Domains" refs={blastRadius.domains} />
      <Refs label="Owner teams" refs={blastRadius.owners} />
      {blastRadius.hidden > 0 && (
        <Typography variant="caption" color="textSecondary" component="p">
          {blastRadius.hidden} more you may not see are left out.
        </Typography>
      )}
      {blastRadius.missing.length > 0 && (
        <Typography variant="caption" color="textSecondary" component="p">
          Not in the catalog, so the walk stopped there:{' '}
          {blastRadius.missing.join(', ')}
        </Typography>
      )}
      {blastRadius.cutoff && (
        <Box mt={1}>
          <Alert severity="warning">{cutoffMessage(blastRadius)}</Alert>
        </Box>
      )}
    </Box>
  );
}
