/** The Backstage signals channel on which the backend announces every incident change. */
export const INCIDENTS_SIGNAL_CHANNEL = 'incidents';

/**
 * The message on {@link INCIDENTS_SIGNAL_CHANNEL}. It carries ids only: pages read the
 * incident back through the API, under the reader's own permissions.
 */
export type IncidentsSignal = {
  type: string;
  incidentId: string;
  entityRefs: string[];
};
