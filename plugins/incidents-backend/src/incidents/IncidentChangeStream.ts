import { LoggerService } from '@backstage/backend-plugin-api';
import { Incident } from '@lookout/plugin-incidents-common';

/** One committed change of an incident, as every subscriber of the stream receives it. */
export interface IncidentChange {
  type:
    | 'declared'
    | 'updated'
    | 'transitioned'
    | 'acknowledged'
    | 'note'
    | 'merged'
    | 'deleted';
  incident: Incident;
}

/** What a subscriber does with a change; a subscriber with slow work starts it and returns. */
export type IncidentChangeListener = (
  change: IncidentChange,
) => void | Promise<void>;

/**
 * The one in-process stream of committed incident changes. The incidents domain publishes
 * after each commit; signals, paging, triage, the status page and the notifiers subscribe when
 * they are built, so no service holds a callback into another. Subscribers run side by side
 * and a failing one is logged: it never fails the committed change, nor reaches the others.
 */
export class IncidentChangeStream {
  private readonly listeners: Array<{
    name: string;
    listener: IncidentChangeListener;
  }> = [];

  constructor(private readonly logger: LoggerService) {}

  /** Adds a subscriber; `name` says who failed in the log. */
  subscribe(name: string, listener: IncidentChangeListener): void {
    this.listeners.push({ name, listener });
  }

  /** Hands a committed change to every subscriber and waits for them all. */
  async publish(change: IncidentChange): Promise<void> {
    await Promise.all(
      this.listeners.map(async ({ name, listener }) => {
        try {
          await listener(change);
        } catch (error) {
          this.logger.warn(
            `${name} failed on ${change.type} of ${change.incident.id}: ${error}`,
          );
        }
      }),
    );
  }
}
