import { Integration, IntegrationType } from './types';

/** What the service hands the store; the key itself never reaches it, only its hash. */
export interface NewIntegration {
  id: string;
  name: string;
  type: IntegrationType;
  keyHash: string;
  keyHint: string;
  entityRef: string | null;
  groupRef: string | null;
  autoResolve: boolean;
  signingSecret: string | null;
  createdBy: string;
  createdAt: string;
}

/** An integration with the secret that verifying its Grafana signatures needs. */
export interface StoredIntegration extends Integration {
  signingSecret: string | null;
}

/** Persistence of integration keys. Revoked integrations are invisible to every read. */
export interface IntegrationsStore {
  createIntegration(integration: NewIntegration): Promise<StoredIntegration>;
  listIntegrations(): Promise<StoredIntegration[]>;
  getIntegration(id: string): Promise<StoredIntegration | undefined>;
  findByKeyHash(keyHash: string): Promise<StoredIntegration | undefined>;
  /** Resolves to false when there was no such live integration. */
  revokeIntegration(id: string, at: string): Promise<boolean>;
  /** Records use, at most about once a minute per key, so deliveries do not queue on its row. */
  touchIntegration(id: string, at: string): Promise<void>;
  /**
   * Counts one event in the key's minute starting at `windowStart` (epoch ms) and answers the
   * count so far, across every replica sharing the database.
   */
  countEvent(id: string, windowStart: number): Promise<number>;
}
