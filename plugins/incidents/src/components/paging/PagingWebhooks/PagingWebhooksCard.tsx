import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  oncallManagePermission,
  PagingWebhook,
} from '@lookout/plugin-incidents-common';
import { pagingApiRef } from '../../../api/paging';
import { useRefresh } from '../../../hooks';
import { useActionPermission } from '../../../hooks/useActionPermission';
import { PermittedAction } from '../../shared/PermittedAction';
import { DeletePagingWebhookDialog } from './DeletePagingWebhookDialog';
import { NewPagingWebhookDialog } from './NewPagingWebhookDialog';
import { PagingWebhooksTable } from './PagingWebhooksTable';

/** The webhooks, fetched only once the permission backend has let the user see them. */
function PagingWebhooksList(props: {
  version: number;
  onDelete: (webhook: PagingWebhook) => void;
}) {
  const pagingApi = useApi(pagingApiRef);
  const { value, error } = useAsync(
    () => pagingApi.listWebhooks(),
    [pagingApi, props.version],
  );
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value) {
    return <Progress />;
  }
  if (value.length === 0) {
    return (
      <Typography>
        No paging webhooks yet. Add one to post every page to another system as
        well, such as a chat bridge or a pager gateway.
      </Typography>
    );
  }
  return <PagingWebhooksTable webhooks={value} onDelete={props.onDelete} />;
}

/**
 * The On call tab's paging webhooks: where else every page is posted (a chat bridge, a pager
 * gateway), listed, added with a signing secret shown once, and deleted.
 */
export function PagingWebhooksCard() {
  const [version, refresh] = useRefresh();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<PagingWebhook>();
  // The backend lists webhooks only to on-call managers; nobody else is sent into a 403.
  const permission = useActionPermission({
    permission: oncallManagePermission,
  });

  let content;
  if (permission.allowed) {
    content = <PagingWebhooksList version={version} onDelete={setDeleting} />;
  } else if (permission.reason) {
    content = (
      <Typography color="textSecondary">
        {permission.reason}, so paging webhooks are not shown.
      </Typography>
    );
  } else {
    content = <Progress />;
  }

  return (
    <InfoCard
      title="Paging webhooks"
      subheader="Every page (or a team's pages) is also posted here, signed with HMAC-SHA256"
      action={
        <PermittedAction permission={oncallManagePermission} hide>
          <Button color="primary" onClick={() => setCreating(true)}>
            New webhook
          </Button>
        </PermittedAction>
      }
    >
      {content}
      <NewPagingWebhookDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={refresh}
      />
      <DeletePagingWebhookDialog
        webhook={deleting}
        onClose={() => setDeleting(undefined)}
        onDeleted={() => {
          setDeleting(undefined);
          refresh();
        }}
      />
    </InfoCard>
  );
}
