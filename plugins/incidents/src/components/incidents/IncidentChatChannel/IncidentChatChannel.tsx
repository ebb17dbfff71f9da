import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Link } from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { IncidentChatChannel as Channel } from '@lookout/plugin-incidents-common';
import { BackendClient } from '../../../api/BackendClient';
import { errorMessage } from '../../../api/errorMessage';

type Answer = { channel: Channel | null };

/**
 * The incident's Slack channel, with an action to open one when it has none. Shows nothing when
 * the portal has no chat module (the route answers 404) or it is starting (503).
 */
export function IncidentChatChannel(props: {
  incidentId: string;
  revision?: number;
}) {
  const { incidentId, revision } = props;
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const backend = useMemo(
    () => new BackendClient({ discoveryApi, fetchApi }),
    [discoveryApi, fetchApi],
  );
  const path = `/chat/channels/${encodeURIComponent(incidentId)}`;
  const [asked, setAsked] = useState(0);
  const [requested, setRequested] = useState(false);
  const [failure, setFailure] = useState<string>();
  const { value } = useAsync(
    () => backend.request<Answer>(path).catch(() => undefined),
    [backend, path, revision, asked],
  );
  if (!value) return null;

  const create = async () => {
    setFailure(undefined);
    try {
      await backend.request<Answer>(path, { method: 'POST' });
      setRequested(true);
      // the channel is made in the background; look again shortly
      setTimeout(() => setAsked(n => n + 1), 2000);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  const { channel } = value;
  return (
    <InfoCard title="Chat">
      {channel ? (
        <Typography>
          <Link to={channel.url}>#{channel.name}</Link>
          {channel.archived ? ' (archived)' : ''}
        </Typography>
      ) : (
        <Box display="flex" alignItems="center" gridGap={16}>
          <Typography color="textSecondary">
            {requested ? 'The channel is on its way.' : 'No channel yet.'}
          </Typography>
          <Button
            variant="outlined"
            size="small"
            disabled={requested}
            onClick={create}
          >
            Create channel
          </Button>
        </Box>
      )}
      {failure && (
        <Typography color="error" role="alert">
          {failure}
        </Typography>
      )}
    </InfoCard>
  );
}
