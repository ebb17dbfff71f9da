import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Runbook,
  runbookManagePermission,
} from '@lookout/plugin-incidents-common';
import { errorMessage } from '../../../api';
import { runbooksApiRef } from '../../../api/runbooks';
import { useRefresh } from '../../../hooks';
import { PermittedAction } from '../../shared/PermittedAction';
import { RunbookEditor } from '../RunbookEditor';
import { RunbookView } from '../RunbookView';

/**
 * The Runbooks tab of an entity page: the runbooks written in Lookout for it and those its
 * `lookout.dev/runbooks` annotation names, searchable, one shown rendered (`?runbook=<id>`, as
 * search results link to it). Lookout runbooks are written and edited here.
 */
export function EntityRunbooksContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(runbooksApiRef);
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState('');
  const [q, setQ] = useState('');
  useDebounce(() => setQ(query.trim()), 300, [query]);
  const [version, refresh] = useRefresh();
  const [editing, setEditing] = useState<Runbook | 'new'>();
  const [actionError, setActionError] = useState<string>();

  const {
    value: runbooks,
    loading,
    error,
  } = useAsync(
    () => api.listRunbooks({ entityRef, q: q || undefined }),
    [api, entityRef, q, version],
  );

  const select = (id: string) =>
    setParams(
      previous => {
        const next = new URLSearchParams(previous);
        next.set('runbook', id);
        return next;
      },
      { replace: true },
    );
  const selectedId = params.get('runbook');
  const selected =
    runbooks?.find(r => r.id === selectedId) ?? runbooks?.[0] ?? undefined;

  const remove = async (runbook: Runbook) => {
    setActionError(undefined);
    try {
      await api.deleteRunbook(runbook.id);
      refresh();
    } catch (e) {
      setActionError(errorMessage(e));
    }
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={4}>
        <InfoCard
          title="Runbooks"
          action={
            <PermittedAction permission={runbookManagePermission}>
              <Button
                color="primary"
                variant="outlined"
                onClick={() => setEditing('new')}
                style={{ marginTop: 8 }}
              >
                New runbook
              </Button>
            </PermittedAction>
          }
        >
          <TextField
            id="runbook-search"
            label="Search runbooks"
            value={query}
            onChange={e => setQuery(e.target.value)}
            fullWidth
            margin="dense"
            variant="outlined"
          />
          {error && <ResponseErrorPanel error={error} />}
          {!runbooks && loading && <Progress />}
          {runbooks && runbooks.length === 0 && (
            <Box mt={2}>
              <Typography color="textSecondary">
                {q
                  ? `No runbook mentions "${q}".`
                  : 'No runbooks yet. Write one here, or list markdown files in the lookout.dev/runbooks annotation.'}
              </Typography>
            </Box>
          )}
          <List dense aria-label="Runbooks">
            {runbooks?.map(runbook => (
              <ListItem
                key={runbook.id}
                button
                selected={runbook.id === selected?.id}
                onClick={() => select(runbook.id)}
              >
                <ListItemText
                  primary={runbook.title}
                  secondary={
                    runbook.error
                      ? 'Could not be read'
                      : `${runbook.steps.length} ${
                          runbook.steps.length === 1 ? 'step' : 'steps'
                        }`
                  }
                />
              </ListItem>
            ))}
          </List>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8}>
        {actionError && (
          <Box mb={2}>
            <Alert severity="error" onClose={() => setActionError(undefined)}>
              {actionError}
            </Alert>
          </Box>
        )}
        {selected && (
          <InfoCard
            title={selected.title}
            action={
              selected.source === 'lookout' && (
                <Box mt={1}>
                  <PermittedAction permission={runbookManagePermission}>
                    <Button onClick={() => setEditing(selected)}>Edit</Button>
                  </PermittedAction>
                  <PermittedAction permission={runbookManagePermission}>
                    <Button onClick={() => remove(selected)}>Delete</Button>
                  </PermittedAction>
                </Box>
              )
            }
          >
            <RunbookView runbook={selected} />
          </InfoCard>
        )}
      </Grid>
      {editing && (
        <RunbookEditor
          open
          runbook={editing === 'new' ? undefined : editing}
          entityRef={entityRef}
          onClose={() => setEditing(undefined)}
          onSaved={saved => {
            setEditing(undefined);
            select(saved.id);
            refresh();
          }}
        />
      )}
    </Grid>
  );
}
