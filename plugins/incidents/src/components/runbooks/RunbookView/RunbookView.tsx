import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Link } from '@backstage/core-components';
import { Runbook, RunbookSource } from '@lookout/plugin-incidents-common';
import { Markdown } from '../../shared/Markdown';
import { Row } from '../../shared/Row';

const SOURCE_LABELS: Record<RunbookSource, string> = {
  lookout: 'Written in Lookout',
  repository: 'From the repository',
  alert: 'Linked by an alert',
};

/** Where a runbook comes from, as a small chip. */
export function RunbookSourceChip(props: { source: RunbookSource }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      label={SOURCE_LABELS[props.source] ?? props.source}
    />
  );
}

/**
 * One runbook: where it lives, why it could not be read (a missing file is a message, not a
 * broken page), and its markdown rendered through the sanitizing Markdown component.
 */
export function RunbookView(props: { runbook: Runbook }) {
  const { runbook } = props;
  const link =
    runbook.url && /^https?:\/\//i.test(runbook.url) ? runbook.url : undefined;
  return (
    <>
      <Row gap={8}>
        <RunbookSourceChip source={runbook.source} />
        {link ? (
          <Link to={link}>{link}</Link>
        ) : (
          runbook.url && (
            <Typography variant="caption" color="textSecondary">
              {runbook.url}
            </Typography>
          )
        )}
      </Row>
      {runbook.error && <Alert severity="warning">{runbook.error}</Alert>}
      {runbook.markdown !== null && <Markdown content={runbook.markdown} />}
    </>
  );
}
