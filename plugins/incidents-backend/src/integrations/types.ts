/** The senders an integration key is made for; the type picks the snippet shown first. */
export const INTEGRATION_TYPES = [
  'alertmanager',
  'grafana',
  'pagerduty',
  'generic',
] as const;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];

/** An integration as the API lists it: never with its key. */
export interface Integration {
  id: string;
  name: string;
  type: IntegrationType;
  /** The first characters of the key, to tell keys apart. */
  keyHint: string;
  /** Every alert of this integration goes to this entity. */
  entityRef: string | null;
  /** The team whose entity an alert goes to when nothing more specific matches. */
  groupRef: string | null;
  /** Whether an alert-opened incident resolves when all its alerts have resolved. */
  autoResolve: boolean;
  /** Whether Grafana deliveries must carry a valid HMAC signature. */
  signed: boolean;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Sender configuration, ready to paste. */
export interface IntegrationSnippets {
  alertmanager: string;
  grafana: string;
  pagerduty: string;
}

/** The answer to creating an integration: the only time the key (and secret) are shown. */
export interface CreatedIntegration {
  integration: Integration;
  key: string;
  signingSecret?: string;
  snippets: IntegrationSnippets;
}
