import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of Lookout's incidents backend. */
  incidents?: {
    /**
     * A YAML file of past incidents to load when the database holds none, for demos.
     * Leave unset in production.
     */
    demoHistory?: {
      /** Path of the file, relative to the backend's working directory. */
      file: string;
    };
    /**
     * The durable work queue behind escalation steps and subscriber deliveries, shared by
     * every replica through the database.
     */
    workQueue?: {
      /**
       * How often each replica sweeps the queue for due work; items due sooner wake it on
       * their own. Defaults to 1 second.
       */
      sweepInterval?: HumanDuration | string;
      /** How long finished items are kept before they are purged. Defaults to 30 days. */
      retention?: HumanDuration | string;
    };
    /**
     * The catalog graph each backend replica keeps in memory for blast radius and live status.
     */
    graph?: {
      /**
       * How often each replica re-reads the catalog's relations; the graph is swapped only when
       * something it holds changed. An ISO 8601 duration (`PT5M`), a string like `5m`, or an
       * object like `{ minutes: 5 }`. Defaults to 5 minutes. An entity registered in between
       * is loaded on its own the first time someone asks about it.
       */
      refreshInterval?: HumanDuration | string;
    };
    /**
     * Alert ingestion: how alerts group into incidents, where they are routed, and how fast
     * PagerDuty-style senders may send.
     */
    alerts?: {
      /**
       * How long an entity's alert group keeps gathering alerts after its last activity (an
       * alert firing, firing again or resolving), as long as its incident is not closed,
       * declined or merged. A group with an alert still firing stays live regardless. An
       * alert that fires again within the window after its incident was resolved reopens that
       * incident instead of opening a new one. An ISO 8601 duration, a string like `15m`, or
       * an object like `{ minutes: 15 }`. Defaults to 15 minutes.
       */
      groupWindow?: HumanDuration | string;
      /**
       * Sender severity names (matched case-insensitively) mapped to incident severities,
       * added to the defaults: critical, fatal, emergency → SEV1; error, high, major → SEV2;
       * warning, warn, minor, medium → SEV3; info, informational, low → SEV4.
       */
      severities?: { [name: string]: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4' };
      /** The severity of an alert whose severity is missing or unknown. Defaults to SEV3. */
      defaultSeverity?: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
      /**
       * Routes for alerts (and change events) from integrations without an entity of their
       * own: the first route whose labels all equal the alert's goes to `entityRef`, if that
       * entity is in the catalog. Routes are tried after a `backstage_entity` label and
       * before the `component` and `service` labels.
       */
      routes?: Array<{
        /** Label names and the values they must have; at least one. */
        match: { [label: string]: string };
        /** A full entity ref, for example `component:default/checkout-service`. */
        entityRef: string;
      }>;
      /**
       * Events per minute per integration key on `/v2/enqueue` and `/v2/change/enqueue`;
       * more get 429 with `Retry-After`, counted across all replicas. 0 turns the limit
       * off. Defaults to 120, PagerDuty's own. The Alertmanager, Grafana and generic routes
       * are never limited: Alertmanager drops an alert it gets a 4xx for.
       */
      rateLimitPerMinute?: number;
      /**
       * How far before an incident was declared `GET /incidents/:id/changes` looks for
       * changes. Defaults to 24 hours.
       */
      changeLookback?: HumanDuration | string;
    };
  };
}
