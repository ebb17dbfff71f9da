import { useApi } from '@backstage/core-plugin-api';
import { PagingWebhook } from '@lookout/plugin-incidents-common';
import { pagingApiRef } from '../../../api/paging';
import { ConfirmDialog } from '../../shared/ConfirmDialog';

/** Asks before deleting: pages stop going to the receiver at once, and it cannot be undone. */
export function DeletePagingWebhookDialog(props: {
  webhook?: PagingWebhook;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { webhook } = props;
  const pagingApi = useApi(pagingApiRef);
  return (
    <ConfirmDialog
      open={Boolean(webhook)}
      id="delete-paging-webhook-title"
      title={`Delete ${webhook?.name}?`}
      confirmLabel="Delete"
      onClose={props.onClose}
      onConfirm={async () => {
        if (!webhook) return;
        await pagingApi.deleteWebhook(webhook.id);
        props.onDeleted();
      }}
    >
      Pages will no longer be posted to {webhook?.url}, including deliveries
      still waiting to be retried. This cannot be undone; adding the URL again
      gives it a new signing secret.
    </ConfirmDialog>
  );
}
