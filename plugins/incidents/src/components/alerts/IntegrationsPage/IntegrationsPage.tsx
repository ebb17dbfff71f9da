import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { incidentsApiRef } from '../../../api/incidents';
import {
  Integration,
  incidentCreatePermission,
} from '@lookout/plugin-incidents-common';
import { useRefresh } from '../../../hooks';
import { IncidentsLayout } from '../../shared/IncidentsLayout';
import { PermittedAction } from '../../shared/PermittedAction';
import { IntegrationsTable } from './IntegrationsTable';
import { NewIntegrationDialog } from './NewIntegrationDialog';
import { RevokeIntegrationDialog } from './RevokeIntegrationDialog';

/** The keys alert senders use (`/incidents/integrations`): listed, created, revoked. */
export function IntegrationsPage() {
  const incidentsApi = useApi(incidentsApiRef);
  const [version, refresh] = useRefresh();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<Integration>();
  const { value, error } = useAsync(
    () => incidentsApi.listIntegrations(),
    [incidentsApi, version],
  );

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    content = <Progress />;
  } else if (value.length === 0) {
    content = (
      <Typography>
        No integrations yet. Create one to let Alertmanager, Grafana or a
        PagerDuty-style sender open incidents.
      </Typography>
    );
  } else {
    content = <IntegrationsTable integrations={value} onRevoke={setRevoking} />;
  }

  return (
    <IncidentsLayout
      selected="integrations"
      subtitle="Keys for the tools that send alerts"
    >
      <Box display="flex" justifyContent="flex-end" mb={2}>
        {/* a key opens incidents, so the backend asks for incident.create */}
        <PermittedAction permission={incidentCreatePermission}>
          <Button
            variant="contained"
            color="primary"
            startIcon={<AddIcon />}
            onClick={() => setCreating(true)}
          >
            New integration
          </Button>
        </PermittedAction>
      </Box>
      <InfoCard title="Integrations">{content}</InfoCard>
      <NewIntegrationDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={refresh}
      />
      <RevokeIntegrationDialog
        integration={revoking}
        onClose={() => setRevoking(undefined)}
        onRevoked={() => {
          setRevoking(undefined);
          refresh();
        }}
      />
    </IncidentsLayout>
  );
}
