import { Incident } from '@lookout/plugin-incidents-common';

/**
 * Told about incidents as they happen. Backend modules add notifiers to forward incidents
 * to chat, tickets or their own tools; a failing notifier never fails the incident change.
 *
 * @public
 */
export interface IncidentNotifier {
  /** A short name for logs, for example `slack`. */
  readonly name: string;
  /** Called after a new incident is committed. */
  onIncidentDeclared(incident: Incident): Promise<void>;
}
