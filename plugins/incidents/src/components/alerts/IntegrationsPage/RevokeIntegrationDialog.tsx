import { useApi } from '@backstage/core-plugin-api';
import { Integration } from '@lookout/plugin-incidents-common';
import { incidentsApiRef } from '../../../api/incidents';
import { ConfirmDialog } from '../../shared/ConfirmDialog';

/** Asks before revoking: senders using the key are refused from then on, and it cannot be undone. */
export function RevokeIntegrationDialog(props: {
  integration?: Integration;
  onClose: () => void;
  onRevoked: () => void;
}) {
  const { integration } = props;
  const incidentsApi = useApi(incidentsApiRef);
  return (
    <ConfirmDialog
      open={Boolean(integration)}
      id="revoke-integration-title"
      title={`Revoke ${integration?.name}?`}
      confirmLabel="Revoke"
      onClose={props.onClose}
      onConfirm={async () => {
        if (!integration) return;
        await incidentsApi.revokeIntegration(integration.id);
        props.onRevoked();
      }}
    >
      Senders using the key {integration?.keyHint}… will be refused from now on.
      This cannot be undone; a new integration gets a new key.
    </ConfirmDialog>
  );
}
