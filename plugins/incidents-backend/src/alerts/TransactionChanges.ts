import { IncidentChange } from '../incidents/IncidentChangeStream';

/** What announcing a change does matters more the higher it ranks; a merge keeps the highest. */
const CHANGE_RANK: Record<IncidentChange['type'], number> = {
  updated: 0,
  note: 0,
  acknowledged: 1,
  transitioned: 2,
  merged: 3,
  deleted: 3,
  declared: 4,
};

/**
 * The incident changes of one transaction, to announce once it has committed: one per
 * incident, the latest state with the weightiest type (a new incident stays "declared"
 * whatever else the same transaction did to it), and which alerts (by their place in the
 * deliveries) caused it.
 */
export class TransactionChanges {
  private readonly byIncident = new Map<
    string,
    { change: IncidentChange; indexes: Set<number> }
  >();

  add(change: IncidentChange | undefined, indexes: number[]) {
    if (!change) return;
    const earlier = this.byIncident.get(change.incident.id);
    const type =
      earlier && CHANGE_RANK[earlier.change.type] > CHANGE_RANK[change.type]
        ? earlier.change.type
        : change.type;
    const all = earlier?.indexes ?? new Set<number>();
    indexes.forEach(index => all.add(index));
    this.byIncident.set(change.incident.id, {
      change: { type, incident: change.incident },
      indexes: all,
    });
  }

  get all(): IncidentChange[] {
    return [...this.byIncident.values()].map(entry => entry.change);
  }

  /** The incidents that alerts at places `from` up to `to` changed. */
  incidentsOf(from: number, to: number): string[] {
    return [...this.byIncident.values()]
      .filter(entry => [...entry.indexes].some(i => i >= from && i < to))
      .map(entry => entry.change.incident.id);
  }
}
