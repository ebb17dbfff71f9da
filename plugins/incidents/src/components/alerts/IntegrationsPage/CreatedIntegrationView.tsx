import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Alert from '@material-ui/lab/Alert';
import { CreatedIntegration } from '@lookout/plugin-incidents-common';
import { CodeSnippet, SecretValue } from '../../shared/ShownOnce';

const SENDER_LABELS: Record<string, string> = {
  alertmanager: 'Alertmanager',
  grafana: 'Grafana',
  pagerduty: 'PagerDuty Events API',
};

/**
 * The one time a new key is visible: the key (and Grafana signing secret) to copy, and the
 * backend's ready sender configuration, the chosen sender's first.
 */
export function CreatedIntegrationView(props: { created: CreatedIntegration }) {
  const { created } = props;
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
      <SecretValue label="Key" value={created.key} />
      {created.signingSecret && (
        <SecretValue label="Signing secret" value={created.signingSecret} />
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
          <CodeSnippet label="Configuration" code={snippet} />
        </Box>
      )}
    </>
  );
}
