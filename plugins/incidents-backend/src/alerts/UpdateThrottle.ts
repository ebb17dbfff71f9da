import { IncidentChange } from '../incidents/IncidentChangeStream';

/**
 * Lets one change per incident through per interval; the latest one offered meanwhile goes
 * out when the interval ends, unless a weightier change of the incident went out since.
 */
export class UpdateThrottle {
  private readonly held = new Map<string, { pending?: IncidentChange }>();

  constructor(
    private readonly intervalMs: number,
    private readonly send: (change: IncidentChange) => void,
  ) {}

  /** True when the change should go out now; otherwise it waits for its interval. */
  admit(change: IncidentChange): boolean {
    const id = change.incident.id;
    const held = this.held.get(id);
    if (held) {
      held.pending = change;
      return false;
    }
    this.hold(id);
    return true;
  }

  /** A weightier change of the incident went out: a waiting update would be older news. */
  superseded(incidentId: string) {
    const held = this.held.get(incidentId);
    if (held) held.pending = undefined;
  }

  private hold(id: string) {
    const entry: { pending?: IncidentChange } = {};
    this.held.set(id, entry);
    const timer = setTimeout(() => {
      this.held.delete(id);
      if (entry.pending) {
        this.hold(id);
        this.send(entry.pending);
      }
    }, this.intervalMs);
    // a waiting announcement must not keep the backend from shutting down
    timer.unref?.();
  }
}
