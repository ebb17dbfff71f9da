import { IncidentsStore } from '../incidents/IncidentsStore';
import { PageCursor } from '../lib/cursor';
import { AlertUpdate } from './alertState';
import { AlertStatus, StoredAlert } from './types';

/** A new alert row; ids of group and incident come later, when it is grouped. */
export type NewAlert = Omit<
  StoredAlert,
  'id' | 'incidentSeq' | 'groupId' | 'acknowledgedAt'
>;

/** The live alert group of an entity: the alerts that share one incident. */
export interface AlertGroup {
  id: number;
  entityRef: string;
  incidentSeq: number | null;
  openedAt: string;
  lastActivityAt: string;
}

/** Keyset position in alert lists (last seen, newest first): `at` is last_seen_at. */
export type AlertCursor = PageCursor;

export interface AlertFilter {
  /** An entity's alerts; `null` for the unrouted inbox. */
  entityRef?: string | null;
  incidentSeq?: number;
  status?: AlertStatus;
  after?: AlertCursor;
  limit: number;
}

/** What one transaction of alert ingestion may do; every call runs inside it. */
export interface AlertsTransaction {
  /** The incidents store, bound to the same transaction. */
  incidents: IncidentsStore;
  /** Inserts unless the (integration, dedup key) exists; resolves to undefined when it does. */
  insertAlert(alert: NewAlert): Promise<StoredAlert | undefined>;
  /** Reads an alert and holds its row until the transaction ends. */
  lockAlert(
    integrationId: string,
    dedupKey: string,
  ): Promise<StoredAlert | undefined>;
  lockAlertById(id: number): Promise<StoredAlert | undefined>;
  /**
   * Reads the alerts of these dedup keys that exist, and holds their rows until the
   * transaction ends; in dedup key order, the lock order of ingestion. One statement.
   */
  lockAlerts(
    integrationId: string,
    dedupKeys: string[],
  ): Promise<Map<string, StoredAlert>>;
  /**
   * Inserts the alerts whose (integration, dedup key) does not exist yet, in one statement;
   * resolves to those it inserted, by dedup key. A key another transaction inserted
   * meanwhile is left out: lock that row instead.
   */
  insertAlerts(alerts: NewAlert[]): Promise<Map<string, StoredAlert>>;
  updateAlert(id: number, update: AlertUpdate): Promise<StoredAlert>;
  /** The entity's live group, its row held until the transaction ends. */
  lockLiveGroup(entityRef: string): Promise<AlertGroup | undefined>;
  /** The live groups of these entities, by entity, locked in entity order. One statement. */
  lockLiveGroups(entityRefs: string[]): Promise<Map<string, AlertGroup>>;
  /** Puts alerts into their groups and incidents, in one statement. */
  assignAlerts(
    assignments: Array<{ id: number; incidentSeq: number; groupId: number }>,
  ): Promise<void>;
  /** Marks activity on groups now (alerts joined or resolved), in one statement. */
  touchGroups(ids: number[], at: string): Promise<void>;
  /**
   * Starts the entity's live group. Resolves to undefined when another transaction holds one
   * already: lock that one instead.
   */
  claimGroup(entityRef: string, at: string): Promise<AlertGroup | undefined>;
  updateGroup(
    id: number,
    update: { incidentSeq?: number; lastActivityAt?: string },
  ): Promise<void>;
  /** The group stops gathering alerts; the entity's next alert starts a new one. */
  endGroup(id: number, at: string): Promise<void>;
  /** Firing alerts of a group, not counting `exceptAlertId`. */
  countFiringInGroup(groupId: number, exceptAlertId: number): Promise<number>;
  /** What deciding on auto-resolution needs to know about an incident's alerts. */
  incidentAlertSummary(incidentSeq: number): Promise<{
    firing: number;
    /** Alerts from integrations that do not auto-resolve. */
    manualResolve: number;
  }>;
}

/** Persistence of alerts and their groups. */
export interface AlertsStore {
  /**
   * Runs `work` in one transaction: the alert and every incident change it causes commit
   * together, before the sender gets its 2xx. A transaction that lost a deadlock or a
   * serialization conflict is run again.
   */
  transaction<T>(work: (tx: AlertsTransaction) => Promise<T>): Promise<T>;
  getAlert(id: number): Promise<StoredAlert | undefined>;
  listAlerts(
    filter: AlertFilter,
  ): Promise<{ items: StoredAlert[]; last?: AlertCursor }>;
}
