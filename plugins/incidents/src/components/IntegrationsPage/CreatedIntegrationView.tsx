import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { CopyTextButton } from '@backstage/core-components';
import { CreatedIntegration } from '@lookout/plugin-incidents-common';

const useStyles = makeStyles(theme => ({
  secret: {
    fontFamily: 'monospace',
    overflowWrap: 'anywhere',
    flex: 1,
  },
  snippet: {
    margin: 0,
    padding: theme.spacing(2),
    overflow: 'auto',
    maxHeight: 320,
    background: theme.palette.background.default,
    fontSize: theme.typography.body2.fontSize,
  },
}));

const SENDER_LABELS: Record<string, string> = {
  alertmanager: 'Alertmanager',
  grafana: 'Grafana',
  pagerduty: 'PagerDuty Events API',
};

function Secret(props: { label: string; value: string }) {
  const classes = useStyles();
  return (
    <Box display="flex" alignItems="center" mt={1}>
      <Typography variant="body2" component="span" color="textSecondary">
        {props.label}:&nbsp;
      </Typography>
      <Typography
        variant="body2"
        component="code"
        className={classes.secret}
        aria-label={props.label}
      >
        {props.value}
      </Typography>
      <CopyTextButton
        text={props.value}
        aria-label={`Copy ${props.label.toLocaleLowerCase('en-US')}`}
      />
    </Box>
  );
}

/**
 * The one time a new key is visible: the key (and Grafana signing secret) to copy, and the
 * backend's ready sender configuration, the chosen sender's first.
 */
export function CreatedIntegrationView(props: { created: CreatedIntegration }) {
  const { created } = props;
  const classes = useStyles();
  const senders = Object.keys(created.snippets) as Array<
    keyof typeof created.snippets
  >;
  const [sender, setSender] = useState(
    senders.find(s => s === created.integration.type) ?? senders[0],
  );
  const snippet = sender ? created.snippets[sender] : undefined;

  return (
    <>
      <Alert severity="warning">
        Copy the key now: Lookout stores only its hash and will not show it
        again.
      </Alert>
      <Secret label="Key" value={created.key} />
      {created.signingSecret && (
        <Secret label="Signing secret" value={created.signingSecret} />
      )}
      {snippet !== undefined && (
        <Box mt={2}>
          <Tabs
            value={sender}
            onChange={(_, next: typeof sender) => setSender(next)}
            aria-label="Sender configuration"
            indicatorColor="primary"
          >
            {senders.map(name => (
              <Tab
                key={name}
                value={name}
                label={SENDER_LABELS[name] ?? name}
              />
            ))}
          </Tabs>
          <Box display="flex" alignItems="flex-start">
            <pre className={classes.snippet} aria-label="Configuration">
              <code>{snippet}</code>
            </pre>
            <CopyTextButton text={snippet} aria-label="Copy configuration" />
          </Box>
        </Box>
      )}
    </>
  );
}
