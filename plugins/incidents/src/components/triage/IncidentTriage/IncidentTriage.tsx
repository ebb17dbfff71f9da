import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  incidentUpdatePermission,
  IncidentTriage as Triage,
  Severity,
} from '@lookout/plugin-incidents-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { useSeverityInfo } from '../../../hooks';
import { errorMessage } from '../../../api';
import { useIncidentTriage } from '../../../hooks/useIncidentTriage';
import { IncidentLink } from '../../incidents/IncidentLink';
import { Markdown } from '../../shared/Markdown';
import { PermittedAction } from '../../shared/PermittedAction';
import { CauseSparkline } from '../CauseSparkline';
import { TriageLead } from '../TriageLead';
import { Suggestion, VerdictButtons, Reasons } from './Suggestion';

function Section(props: {
  title: string;
  empty: string;
  children: ReactNode[];
}) {
  return (
    <Box mb={2}>
      <Typography variant="h6" component="h3">
        {props.title}
      </Typography>
      {props.children.length > 0 ? (
        <List dense aria-label={props.title}>
          {props.children}
        </List>
      ) : (
        <Typography variant="body2" color="textSecondary">
          {props.empty}
        </Typography>
      )}
    </Box>
  );
}

/**
 * The suggested level, named as a suggestion so it is never mistaken for the incident's own
 * severity shown elsewhere on the page.
 */
function SuggestedSeverity(props: { severity: Severity }) {
  const info = useSeverityInfo()[props.severity];
  return (
    <Tooltip title={`${info.name}: ${info.description}`}>
      <Chip
        size="small"
        color="secondary"
        label={`${props.severity} suggested`}
      />
    </Tooltip>
  );
}

function Suggestions(props: {
  incidentId: string;
  triage: Triage;
  judge: (id: string, verdict: 'right' | 'wrong') => void;
}) {
  const { incidentId, triage, judge } = props;
  const { severity } = triage;
  const verdict = (id: string) => triage.verdicts[id];
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <Box mb={2}>
          <Typography variant="h6" component="h3">
            Suggested severity
          </Typography>
          {/* wraps in a narrow column rather than pushing the verdict buttons out of the card */}
          <Box
            display="flex"
            flexWrap="wrap"
            alignItems="center"
            style={{ gap: 8 }}
          >
            <SuggestedSeverity severity={severity.severity} />
            <Typography variant="body2" color="textSecondary">
              {`${
                severity.severity === severity.current
                  ? 'as declared'
                  : `declared ${severity.current}`
              } · score ${severity.score}`}
            </Typography>
            <VerdictButtons
              incidentId={incidentId}
              label="the suggested severity"
              verdict={verdict(severity.id)}
              onJudge={v => judge(severity.id, v)}
            />
          </Box>
          <Reasons reasons={severity.reasons} />
        </Box>
        <Section
          title="Probable causes"
          empty="Nothing upstream shows a sign of trouble."
        >
          {triage.causes.map((cause, index) => (
            <Suggestion
              incidentId={incidentId}
              key={cause.id}
              label={`cause ${cause.entityRef}`}
              title={
                <>
                  {index + 1}. <EntityRefLink entityRef={cause.entityRef} />
                  {cause.distance === 0
                    ? ' (origin)'
                    : ` (${cause.distance} hop${
                        cause.distance === 1 ? '' : 's'
                      } upstream)`}
                </>
              }
              score={cause.score}
              reasons={cause.reasons}
              verdict={verdict(cause.id)}
              onJudge={v => judge(cause.id, v)}
            >
              {cause.telemetry?.map(series => (
                <CauseSparkline key={series.query} series={series} />
              ))}
            </Suggestion>
          ))}
        </Section>
        <Section title="Similar past incidents" empty="None found.">
          {triage.similar.map(similar => (
            <Suggestion
              incidentId={incidentId}
              key={similar.id}
              label={`similar incident ${similar.incidentId}`}
              title={
                <>
                  <IncidentLink id={similar.incidentId} /> {similar.title}
                </>
              }
              score={similar.score}
              reasons={similar.reasons}
              verdict={verdict(similar.id)}
              onJudge={v => judge(similar.id, v)}
            >
              {similar.resolution && (
                <Typography variant="body2">
                  Resolved: {similar.resolution}
                </Typography>
              )}
              {similar.postmortem && (
                <Typography variant="body2">
                  Postmortem: {similar.postmortem.excerpt}
                </Typography>
              )}
            </Suggestion>
          ))}
        </Section>
      </Grid>
      <Grid item xs={12} md={6}>
        <Section title="Responders" empty="Nobody found to page.">
          {triage.responders.map(responder => (
            <Suggestion
              incidentId={incidentId}
              key={responder.id}
              label={`responder ${responder.userRef}`}
              title={<EntityRefLink entityRef={responder.userRef} />}
              score={responder.score}
              reasons={responder.reasons}
              verdict={verdict(responder.id)}
              onJudge={v => judge(responder.id, v)}
            />
          ))}
        </Section>
        <Section title="Runbooks" empty="No runbook found.">
          {triage.runbooks.map(runbook => (
            <Suggestion
              incidentId={incidentId}
              key={runbook.id}
              label={`runbook ${runbook.title}`}
              title={
                /^https?:/.test(runbook.url) ? (
                  <Link to={runbook.url}>{runbook.title}</Link>
                ) : (
                  runbook.title
                )
              }
              score={runbook.score}
              reasons={runbook.reasons}
              verdict={verdict(runbook.id)}
              onJudge={v => judge(runbook.id, v)}
            />
          ))}
        </Section>
        <Box mb={2}>
          <Typography variant="h6" component="h3">
            Draft status update
          </Typography>
          <Markdown content={triage.statusDraft} />
        </Box>
        <Box mb={2}>
          <Typography variant="h6" component="h3">
            Timeline so far
          </Typography>
          <Markdown content={triage.timelineSummary} />
        </Box>
        {triage.assistant.map(note => (
          <Box mb={2} key={note.provider}>
            <Typography variant="h6" component="h3">
              Assistant ({note.provider})
            </Typography>
            <Markdown content={note.text} />
          </Box>
        ))}
      </Grid>
    </Grid>
  );
}

/**
 * The triage assistant on an incident's page: a suggested severity, probable causes, similar
 * past incidents, responders and runbooks, each with its score and reasons and buttons to
 * mark it right or wrong, plus a draft status update and the timeline so far.
 */
export function IncidentTriage(props: {
  incidentId: string;
  revision?: number;
}) {
  const { triage, error, refreshing, refresh, judge } = useIncidentTriage(
    props.incidentId,
    props.revision ?? 0,
  );
  let content;
  if (triage) {
    content = (
      <>
        {error && (
          <Box mb={2}>
            <Alert severity="error">{errorMessage(error)}</Alert>
          </Box>
        )}
        <TriageLead triage={triage} />
        {triage.gaps.length > 0 && (
          <Box mb={2}>
            <Alert severity="warning">
              Computed without: {triage.gaps.join('; ')}
            </Alert>
          </Box>
        )}
        <Suggestions
          incidentId={props.incidentId}
          triage={triage}
          judge={judge}
        />
      </>
    );
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else {
    content = <Progress />;
  }
  return (
    <InfoCard
      title="Triage assistant"
      subheader={
        triage
          ? `Computed ${new Date(triage.computedAt).toLocaleTimeString()} in ${
              triage.tookMs
            } ms`
          : undefined
      }
      action={
        // recomputing writes the incident's triage, which the backend lets only its updaters do
        <PermittedAction
          permission={incidentUpdatePermission}
          resourceRef={props.incidentId}
        >
          <Button size="small" disabled={refreshing} onClick={() => refresh()}>
            {refreshing ? 'Refreshing…' : 'Refresh'}
          </Button>
        </PermittedAction>
      }
    >
      {content}
    </InfoCard>
  );
}
