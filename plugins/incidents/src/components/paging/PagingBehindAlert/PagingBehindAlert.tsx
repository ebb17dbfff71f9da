import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import { pagingApiRef } from '../../../api/paging';

/** How often the page asks again while it is open. */
const POLL_MS = 15_000;

/** "12 s", "3 min" */
export function describeLag(ms: number): string {
  return ms < 90_000
    ? `${Math.max(1, Math.round(ms / 1000))} s`
    : `${Math.round(ms / 60_000)} min`;
}

/**
 * A warning while the escalation engine is behind: the oldest due step has waited longer
 * than the backend tolerates, so pages go out late. Shows nothing while it keeps up, or when
 * the backend cannot say (the rest of the page reports its own errors).
 */
export function PagingBehindAlert() {
  const pagingApi = useApi(pagingApiRef);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick(t => t + 1), POLL_MS);
    return () => clearInterval(timer);
  }, []);
  const { value } = useAsync(
    () => pagingApi.getEngineStatus(),
    [pagingApi, tick],
  );
  if (!value?.behind) return null;
  return (
    <Alert severity="warning" role="alert" style={{ marginBottom: 16 }}>
      Paging is running behind: the oldest escalation step that is due has
      waited {describeLag(value.lagMs)} ({value.dueSteps} step
      {value.dueSteps === 1 ? '' : 's'} waiting). Pages still go out in due
      order and none is lost or sent twice, but they reach people late; a busy
      backend or database is the usual cause.
    </Alert>
  );
}
