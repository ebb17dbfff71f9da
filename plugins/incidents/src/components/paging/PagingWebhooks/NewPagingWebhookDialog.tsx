import { useState } from 'react';
import TextField from '@material-ui/core/TextField';
import { useApi } from '@backstage/core-plugin-api';
import { CreatedPagingWebhook } from '@lookout/plugin-incidents-common';
import { useAction } from '../../../hooks';
import { pagingApiRef } from '../../../api/paging';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';
import { ShownOnceDialog } from '../../shared/ShownOnce';
import { CreatedPagingWebhookView } from './CreatedPagingWebhookView';
import { isUnencrypted, webhookUrlProblem } from './webhookUrl';

/** Adds a paging webhook; once added, shows its signing secret and how to verify it. */
export function NewPagingWebhookDialog(props: {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) {
  const pagingApi = useApi(pagingApiRef);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [groupRef, setGroupRef] = useState<string | null>(null);
  // The URL is judged once the field is left or Create is pressed, not at every keystroke.
  const [urlTouched, setUrlTouched] = useState(false);
  const [created, setCreated] = useState<CreatedPagingWebhook>();
  const { run, busy, error, clearError } = useAction(props.onCreated);

  const urlProblem = urlTouched ? webhookUrlProblem(url) : undefined;

  // The secret must not linger in memory or reappear when the dialog is opened again.
  const close = () => {
    setName('');
    setUrl('');
    setGroupRef(null);
    setUrlTouched(false);
    clearError();
    setCreated(undefined);
    props.onClose();
  };

  const create = async () => {
    setUrlTouched(true);
    if (webhookUrlProblem(url)) return;
    await run(async () =>
      setCreated(
        await pagingApi.createWebhook({
          name: name.trim(),
          url: url.trim(),
          groupRef: groupRef ?? undefined,
        }),
      ),
    );
  };

  let urlHelp = 'Every page is posted here as signed JSON';
  if (urlProblem) {
    urlHelp = urlProblem;
  } else if (isUnencrypted(url)) {
    urlHelp =
      'http:// pages travel unencrypted: the signature proves who sent them, not that nobody read them';
  }

  return (
    <ShownOnceDialog
      open={props.open}
      id="new-paging-webhook-title"
      title={created ? `Webhook ${created.name}` : 'New paging webhook'}
      shown={created && <CreatedPagingWebhookView created={created} />}
      error={error}
      canCreate={!busy && Boolean(name.trim()) && Boolean(url.trim())}
      onCreate={create}
      onClose={close}
    >
      <TextField
        id="paging-webhook-name"
        label="Name"
        required
        fullWidth
        margin="normal"
        value={name}
        inputProps={{ maxLength: 100 }}
        onChange={e => setName(e.target.value)}
      />
      <TextField
        id="paging-webhook-url"
        label="URL"
        required
        fullWidth
        margin="normal"
        type="url"
        placeholder="https://hooks.example.com/lookout"
        value={url}
        inputProps={{ maxLength: 2000 }}
        error={Boolean(urlProblem)}
        helperText={urlHelp}
        onChange={e => setUrl(e.target.value)}
        onBlur={() => setUrlTouched(Boolean(url.trim()))}
      />
      <CatalogEntityPicker
        id="paging-webhook-group"
        label="Team"
        kinds={['Group']}
        helperText="Only pages of incidents this team owns; leave empty for every page"
        value={groupRef}
        onChange={setGroupRef}
      />
    </ShownOnceDialog>
  );
}
