import {
  LiveStatus,
  MaintenanceStatus,
  PublicImpact,
  PublicIncidentStatus,
} from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';

/** A component row; its live status is computed, not stored. */
export interface ComponentRecord {
  id: string;
  name: string;
  description: string | null;
  group: string | null;
  position: number;
  entityRefs: string[];
  overrideStatus: LiveStatus | null;
  overrideReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UpdateRecord {
  id: string;
  statusIncidentId: string;
  status: PublicIncidentStatus | MaintenanceStatus;
  body: string;
  createdBy: string;
  createdAt: string;
}

export interface StatusIncidentRecord {
  id: string;
  kind: 'incident' | 'maintenance';
  incidentSeq: number | null;
  name: string;
  status: PublicIncidentStatus | MaintenanceStatus;
  impact: PublicImpact;
  componentIds: string[];
  scheduledFor: string | null;
  scheduledUntil: string | null;
  startedAt: string;
  monitoringAt: string | null;
  resolvedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Newest first. */
  updates: UpdateRecord[];
}

export interface SubscriberRecord {
  id: string;
  kind: 'email' | 'webhook';
  address: string;
  componentIds: string[];
  confirmedAt: string | null;
  createdAt: string;
  /** Every message carries it in its unsubscribe link. */
  unsubscribeToken: string;
  /** Until the address is confirmed. */
  confirmToken: string | null;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'skipped';

export interface DeliveryCounts {
  updateId: string;
  total: number;
  delivered: number;
  failed: number;
  pending: number;
}

/** What publishing writes, in one transaction. */
export interface NewUpdate {
  update: UpdateRecord;
  /** The incident's new state, written with the update. */
  incident: Pick<
    StatusIncidentRecord,
    | 'status'
    | 'impact'
    | 'componentIds'
    | 'monitoringAt'
    | 'resolvedAt'
    | 'updatedAt'
  > & { name?: string };
}

/** Persistence of the status page; every write bumps the page version in its transaction. */
export interface StatusPageStore {
  /** The page version: one primary-key read, for the caches of every replica. */
  version(): Promise<number>;
  /**
   * Everything the public page is computed from, as one cheap stamp: the page version, the
   * newest incident timeline event and the count of open incidents (they drive live status),
   * and the count of maintenance windows in force. Index-only reads.
   */
  changeStamp(): Promise<string>;

  listComponents(): Promise<ComponentRecord[]>;
  getComponent(id: string): Promise<ComponentRecord | undefined>;
  /** Inserts the components whose names are not taken yet; answers how many were new. */
  createComponents(components: ComponentRecord[]): Promise<number>;
  updateComponent(
    id: string,
    changes: Partial<Omit<ComponentRecord, 'id' | 'createdAt'>>,
  ): Promise<ComponentRecord | undefined>;
  deleteComponent(id: string): Promise<boolean>;

  /** Newest first; `kind` narrows, `since` keeps those updated or unresolved since then. */
  listIncidents(filter: {
    kind?: 'incident' | 'maintenance';
    incidentSeq?: number;
    limit: number;
  }): Promise<StatusIncidentRecord[]>;
  /** Incidents and maintenances that touch [from, now]: for the uptime bars. */
  listIncidentsSince(from: string): Promise<StatusIncidentRecord[]>;
  getIncident(id: string): Promise<StatusIncidentRecord | undefined>;
  /** The incident an update belongs to, with its updates. */
  incidentOfUpdate(updateId: string): Promise<StatusIncidentRecord | undefined>;
  /**
   * Writes a new public incident with its first update, or an update of an existing one, and
   * runs `within` in the same transaction (the deliveries are enqueued there).
   */
  createIncident(
    incident: StatusIncidentRecord,
    within: (trx: Knex.Transaction) => Promise<void>,
  ): Promise<void>;
  addUpdate(
    statusIncidentId: string,
    change: NewUpdate,
    within: (trx: Knex.Transaction) => Promise<void>,
  ): Promise<void>;
  deleteIncident(id: string): Promise<boolean>;

  /**
   * Creates a subscriber or, if the address is subscribed already, refreshes its pending
   * confirmation; answers the subscriber and whether the address was confirmed already.
   */
  upsertSubscriber(
    subscriber: SubscriberRecord,
  ): Promise<{ subscriber: SubscriberRecord; alreadyConfirmed: boolean }>;
  confirmSubscriber(
    token: string,
    at: string,
  ): Promise<SubscriberRecord | undefined>;
  findByUnsubscribeToken(token: string): Promise<SubscriberRecord | undefined>;
  deleteSubscriber(id: string): Promise<boolean>;
  getSubscriber(id: string): Promise<SubscriberRecord | undefined>;
  /** Confirmed subscribers of the whole page or of any of these components. */
  subscribersFor(
    componentIds: string[],
    trx?: Knex.Transaction,
  ): Promise<SubscriberRecord[]>;
  listSubscribers(): Promise<SubscriberRecord[]>;

  recordDeliveries(
    updateId: string,
    subscriberIds: string[],
    trx: Knex.Transaction,
  ): Promise<void>;
  setDelivery(
    updateId: string,
    subscriberId: string,
    state: DeliveryState,
    error?: string,
  ): Promise<void>;
  deliveryCounts(updateIds: string[]): Promise<DeliveryCounts[]>;

  /** Counts one attempt in the bucket's current window; answers the count including it. */
  countAttempt(bucket: string, windowMs: number): Promise<number>;
}
