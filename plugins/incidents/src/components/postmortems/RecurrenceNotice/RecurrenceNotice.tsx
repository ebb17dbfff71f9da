import useAsync from 'react-use/esm/useAsync';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useApi } from '@backstage/core-plugin-api';
import { postmortemsApiRef } from '../../../api/postmortems';
import { IncidentLink } from '../../incidents/IncidentLink';
import { PostmortemLink } from '../PostmortemLink';

/**
 * "This happened before": earlier published postmortems on the same origin, with the same cause
 * once this incident's cause is known. Nothing shows when there are none or the lookup fails;
 * the incident page must not depend on it.
 */
export function RecurrenceNotice(props: { incidentId: string }) {
  const postmortemsApi = useApi(postmortemsApiRef);
  const { value: matches } = useAsync(
    () => postmortemsApi.getRecurrence(props.incidentId),
    [postmortemsApi, props.incidentId],
  );
  if (!matches || matches.length === 0) return null;
  const sameCause = matches.some(m => m.match === 'cause');
  return (
    <Alert severity="info" style={{ marginBottom: 16 }}>
      <AlertTitle>This happened before</AlertTitle>
      {sameCause
        ? 'Earlier incidents on this entity had the same cause:'
        : 'Earlier incidents on this entity have postmortems:'}
      <ul style={{ margin: 0 }}>
        {matches.map(({ postmortem, match }) => (
          <li key={postmortem.id}>
            <PostmortemLink id={postmortem.id}>
              {postmortem.title}
            </PostmortemLink>{' '}
            (<IncidentLink id={postmortem.incidentId} />
            {postmortem.causeCategory ? `, ${postmortem.causeCategory}` : ''}
            {match === 'cause' ? ', same cause' : ''})
          </li>
        ))}
      </ul>
    </Alert>
  );
}
