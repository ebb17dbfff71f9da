import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { IncidentTriage } from '@lookout/plugin-incidents-common';

/** The most a reason line shows: the evidence in one line each. */
const REASONS = 3;

/**
 * What an on-call engineer reads first at 3 a.m.: the most probable cause, its evidence in
 * one line each, and what to do next (roll back the deploy when one is the cause, open its
 * runbook, call who is on call for it).
 */
export function TriageLead(props: { triage: IncidentTriage }) {
  const { triage } = props;
  const cause = triage.causes[0];
  if (!cause) return null;
  const runbook =
    triage.runbooks.find(r => r.entityRef === cause.entityRef) ??
    triage.runbooks[0];
  const responder =
    triage.responders.find(r => r.groupRef === cause.ownerRef) ??
    triage.responders[0];
  const evidence = cause.reasons.filter(r => r.weight > 0).slice(0, REASONS);
  return (
    <Box mb={2} aria-label="Most probable cause" role="region">
      <Typography variant="h5" component="h3">
        Most probable cause: <EntityRefLink entityRef={cause.entityRef} />
        {cause.distance === 0
          ? ' (where it started)'
          : ` (${cause.distance} hop${
              cause.distance === 1 ? '' : 's'
            } upstream)`}
      </Typography>
      <ul>
        {evidence.map(reason => (
          <li key={reason.text}>
            <Typography variant="body2">{reason.text}</Typography>
          </li>
        ))}
      </ul>
      <Typography variant="subtitle2" component="h4">
        Next
      </Typography>
      <ul aria-label="Next steps">
        {cause.change && (
          <li>
            <Typography variant="body2">
              Roll back “{cause.change.summary}” on{' '}
              <EntityRefLink entityRef={cause.entityRef} />
            </Typography>
          </li>
        )}
        {runbook && (
          <li>
            <Typography variant="body2">
              Open the runbook{' '}
              {/^https?:/.test(runbook.url) ? (
                <Link to={runbook.url}>{runbook.title}</Link>
              ) : (
                runbook.title
              )}
            </Typography>
          </li>
        )}
        {responder && (
          <li>
            <Typography variant="body2">
              Call <EntityRefLink entityRef={responder.userRef} />
              {responder.reasons[0] ? ` (${responder.reasons[0].text})` : ''}
            </Typography>
          </li>
        )}
        {!cause.change && !runbook && !responder && (
          <li>
            <Typography variant="body2">
              Look at <EntityRefLink entityRef={cause.entityRef} /> first
              {cause.ownerRef ? (
                <>
                  {' '}
                  and tell its owner,{' '}
                  <EntityRefLink entityRef={cause.ownerRef} />
                </>
              ) : null}
            </Typography>
          </li>
        )}
      </ul>
    </Box>
  );
}
