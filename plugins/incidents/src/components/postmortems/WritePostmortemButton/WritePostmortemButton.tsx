import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  Incident,
  postmortemManagePermission,
} from '@lookout/plugin-incidents-common';
import { errorMessage } from '../../../api';
import { postmortemsApiRef } from '../../../api/postmortems';
import { postmortemRouteRef } from '../../../routes';
import { PermittedAction } from '../../shared/PermittedAction';

const FINISHED = new Set(['resolved', 'closed']);

/** On a resolved incident: opens its postmortem, or starts one from the template. */
export function WritePostmortemButton(props: { incident: Incident }) {
  const { incident } = props;
  const postmortemsApi = useApi(postmortemsApiRef);
  const postmortemRoute = useRouteRef(postmortemRouteRef);
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const finished = FINISHED.has(incident.status);
  const { value: existing, loading } = useAsync(
    async () =>
      finished
        ? (
            await postmortemsApi.listPostmortems({
              incidentId: incident.id,
              limit: 1,
            })
          ).items[0]
        : undefined,
    [postmortemsApi, incident.id, finished],
  );
  if (!finished || loading) return null;
  if (existing) {
    return (
      <Button
        variant="outlined"
        color="primary"
        onClick={() => navigate(postmortemRoute({ postmortemId: existing.id }))}
      >
        Open postmortem
      </Button>
    );
  }
  return (
    <>
      <PermittedAction permission={postmortemManagePermission}>
        <Button
          variant="contained"
          color="primary"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(undefined);
            try {
              const created = await postmortemsApi.createPostmortem({
                incidentId: incident.id,
              });
              navigate(postmortemRoute({ postmortemId: created.id }));
            } catch (e) {
              setError(errorMessage(e));
              setBusy(false);
            }
          }}
        >
          Write postmortem
        </Button>
      </PermittedAction>
      {error && (
        <Typography color="error" variant="body2" role="alert">
          {error}
        </Typography>
      )}
    </>
  );
}
