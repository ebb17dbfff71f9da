import {
  INCIDENT_STATUSES,
  IncidentStatus,
  OPEN_STATUSES,
  isOpenStatus,
} from '@lookout/plugin-incidents-common';

/** The coarse status choices a list offers; the backend filters by the statuses behind them. */
export type StatusScope = 'open' | 'past' | 'all';

const PAST_STATUSES = INCIDENT_STATUSES.filter(status => !isOpenStatus(status));

/** The `status` filter of a scope; `undefined` asks for every status. */
export function statusesOf(scope: StatusScope): IncidentStatus[] | undefined {
  switch (scope) {
    case 'open':
      return OPEN_STATUSES;
    case 'past':
      return PAST_STATUSES;
    default:
      return undefined;
  }
}
