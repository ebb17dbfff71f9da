import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of Lookout's incidents backend. */
  incidents?: {
    /**
     * A YAML file of past incidents to load when the database holds none, for demos.
     * Leave unset in production.
     */
    /**
     * The triage assistant. It needs no configuration: it suggests severity, probable causes,
     * similar incidents, runbooks and responders without any language model. A model behind an
     * OpenAI-compatible chat completions API can add a short note to each triage.
     */
    triage?: {
      /**
       * How long an open incident's changes (alerts joining it, a new origin) settle before
       * its triage is computed again, so an alert storm costs one recompute. A new incident
       * is triaged at once. Defaults to 10 seconds.
       */
      recomputeDelay?: HumanDuration | string;
      /** Off unless `enabled` is true. */
      llm?: {
        enabled?: boolean;
        /** Up to and including `/v1`, e.g. `http://localhost:11434/v1` for Ollama. */
        baseUrl: string;
        /** The model name the server expects, e.g. `llama3.1`. */
        model: string;
        /**
         * Sent as a bearer token when set.
         * @visibility secret
         */
        apiKey?: string;
        /** The most tokens the note may take. Defaults to 400. */
        maxTokens?: number;
        /** How long the model may take, e.g. `{ seconds: 20 }` (the default) or `PT20S`. */
        timeout?: HumanDuration | string;
      };
    };
    /**
     * Telemetry that triage reads around an incident's onset. Prometheus is read, never
     * written; a query that fails or is slow becomes a gap in the triage, never an error.
     */
    telemetry?: {
      prometheus?: {
        /** Defaults to true when `baseUrl` is set. */
        enabled?: boolean;
        /** Prometheus' (or a compatible API's) base URL, e.g. `http://prometheus:9090`. */
        baseUrl: string;
        /**
         * Headers sent with every query, e.g. `Authorization`.
         * @visibility secret
         */
        headers?: { [name: string]: string };
        /** How long one triage waits for Prometheus. Defaults to 2 seconds. */
        timeout?: HumanDuration | string;
        /** How far before the onset the series are read. Defaults to 2 hours; the first third of it is read as the normal range. */
        lookback?: HumanDuration | string;
        /**
         * PromQL for an entity's error ratio (0..1) when it has no
         * `lookout.dev/prometheus-error-ratio` annotation; `{{name}}`, `{{namespace}}` and
         * `{{kind}}` are the entity's, e.g.
         * `sum(rate(http_requests_total{job="{{name}}",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="{{name}}"}[5m]))`.
         */
        errorRatio?: string;
        /**
         * PromQL for an entity's latency in seconds when it has no
         * `lookout.dev/prometheus-latency` annotation; the same placeholders.
         */
        latency?: string;
      };
    };
    /** Insights: the mission's figures on the Insights page and in the weekly digest. */
    insights?: {
      /**
       * Hours after a deploy (a change event) in which an incident on the deployed entity
       * counts as the deploy's failure, for the change failure rate. Defaults to 24.
       */
      changeFailureWindowHours?: number;
      /**
       * The IANA time zone on-call load reads a person's pages in when neither their User
       * entity (`lookout.dev/time-zone`) nor an on-call schedule they are on names one.
       * Defaults to UTC.
       */
      defaultTimeZone?: string;
      /** Each team's figures of the past week, sent through Backstage notifications. */
      digest?: {
        /** Off unless true. */
        enabled?: boolean;
        /** A cron expression, in UTC. Defaults to Mondays at 08:00 (`0 8 * * 1`). */
        schedule?: string;
      };
    };
    demoHistory?: {
      /** Path of the file, relative to the backend's working directory. */
      file: string;
    };
    /** Runbooks read from repositories (the `lookout.dev/runbooks` annotation) and alerts. */
    runbooks?: {
      /**
       * How long a replica keeps a runbook file it read before checking it again (with its
       * ETag when the reader gives one). Defaults to 60.
       */
      cacheSeconds?: number;
    };
    /** Postmortems: the template new ones start from, and demo content. */
    postmortems?: {
      /**
       * The sections every new postmortem starts with, in order. The section with key
       * `timeline` is never written: it is derived from the incident's timeline on every read.
       * Defaults to summary, impact, timeline, root_cause, contributing_factors, went_well,
       * went_badly and lessons.
       */
      template?: {
        sections: Array<{
          /** Lowercase letters, digits and underscores, unique; the API addresses a section by it. */
          key: string;
          /** The heading. */
          title: string;
          /** A hint shown in an empty section. */
          prompt?: string;
        }>;
      };
    };
    /**
     * A YAML file of published postmortems for demo incidents (matched by title, see
     * examples/demo-postmortems.yaml), loaded when no postmortem exists yet. Leave unset in
     * production.
     */
    demoPostmortems?: {
      /** Path of the file, relative to the backend's working directory. */
      file: string;
    };
    /**
     * A YAML file of demo on-call schedules and escalation policies (see
     * examples/demo-oncall.yaml), loaded when the database holds none. Leave unset in production.
     */
    demoOnCall?: {
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
     * Paging: where escalation pages go besides Backstage's notifications, and the links
     * that acknowledge from a page.
     */
    paging?: {
      /**
       * Webhooks every page is POSTed to as JSON, signed with
       * `X-Lookout-Signature: sha256=<hex HMAC-SHA256 of the body>`. More can be added
       * through `POST /paging-webhooks`.
       */
      webhooks?: Array<{
        name: string;
        url: string;
        /** @visibility secret */
        secret: string;
        /** Only pages of incidents this Group entity owns; every page when unset. */
        groupRef?: string;
      }>;
      /**
       * How long after its due time an escalation step may fire before it counts as late: a
       * late step is logged (and every step's lateness goes to the
       * `lookout.escalation.step.lateness` histogram), and the On call page says paging is
       * behind while a due step waits longer than this. Defaults to 2 seconds.
       */
      lateAfter?: HumanDuration | string;
      /** The acknowledge links in pages: signed, expiring, one page each. */
      ackLinks?: {
        /**
         * The HMAC key; every replica must use the same. Generated once and kept in the
         * database when unset.
         * @visibility secret
         */
        secret?: string;
        /** How long a link works. Defaults to 24 hours. */
        ttlHours?: number;
      };
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
    /** The public status page at `/api/incidents/status` and its subscribers. */
    statusPage?: {
      /** The page id in the Statuspage v2 documents. Defaults to `lookout`. */
      id?: string;
      /** The page's name, shown as its title. Defaults to `Status`. */
      name?: string;
      /**
       * The public URL of the page, when a proxy serves it elsewhere; links in emails, feeds
       * and `page.url` use it. Defaults to the plugin's external base URL + `/status`.
       */
      url?: string;
      /**
       * The SMTP server email subscribers are reached through (with nodemailer). Without it,
       * the page offers no email sign-up and only webhooks are delivered.
       */
      smtp?: {
        host: string;
        /** Defaults to 587. */
        port?: number;
        /** TLS from the start (port 465); otherwise STARTTLS when offered. */
        secure?: boolean;
        auth?: {
          user: string;
          /** @visibility secret */
          pass: string;
        };
        /** The sender, for example `"Acme status" <status@acme.example>`. */
        from: string;
        /** Never upgrade to TLS; only for a local test sink. */
        ignoreTls?: boolean;
      };
      /**
       * Sign-up attempts per hour per client address on `POST /status/subscribe`, counted
       * across replicas; a third of it per email address. 0 turns the limit off. Defaults to 10.
       */
      subscribeRateLimitPerHour?: number;
      /**
       * Update bodies by status (investigating, identified, monitoring, resolved) replacing
       * the default templates. Placeholders: {{name}}, {{components}}, {{status}}, {{impact}},
       * {{customerImpact}}.
       */
      templates?: { [status: string]: string };
      /** The public documents' cache on each replica. */
      cache?: {
        /** Defaults to true; false computes every request afresh (for comparison only). */
        enabled?: boolean;
        /**
         * How long a replica serves its cached page before one cheap query checks whether
         * anything changed (on any replica). Defaults to 1000 ms: the longest a change made on
         * another replica takes to show. Changes made on the same replica show at once.
         */
        checkIntervalMs?: number;
      };
      /** How long a webhook may take to answer. Defaults to 10000 ms. */
      webhookTimeoutMs?: number;
    };
    /**
     * Customer support: helpdesk tickets become reports linked to incidents, and every linked
     * ticket is told of status changes (internal notes) and the resolution (a public reply).
     * Intake keys are integrations of type zendesk, intercom, freshdesk or support.
     */
    support?: {
      /**
       * At or above this confidence (0 to 1) Lookout links a report to the open incident it
       * suggests without an agent. Defaults to 0.8; above 1 turns auto-linking off.
       */
      autoLinkConfidence?: number;
      /** Incidents declared this long before a report count as recent. Defaults to 24 hours. */
      suggestionWindow?: HumanDuration | string;
      /**
       * Message templates. Placeholders: {{incident.id}}, {{incident.title}},
       * {{incident.status}}, {{ticket.id}}, {{ticket.subject}}.
       */
      templates?: {
        /** The internal note each status change adds to every linked ticket. */
        update?: string;
        /** The public reply the resolution sends to every linked ticket. */
        resolution?: string;
      };
      /** Zendesk Support's API, for comments on tickets (`PUT /api/v2/tickets/{id}`). */
      zendesk?: {
        /** `https://<subdomain>.zendesk.com` */
        baseUrl: string;
        /** The agent whose API token is used (Basic `{email}/token:{apiToken}`). */
        email?: string;
        /** @visibility secret */
        apiToken?: string;
        /** An OAuth access token instead of email and API token. @visibility secret */
        oauthToken?: string;
        /** The plan's rate limit; calls are spaced to stay under it. Defaults to 700. */
        requestsPerMinute?: number;
      };
      /** Intercom's API, for notes and replies on conversations. */
      intercom?: {
        /** Defaults to `https://api.intercom.io`; the EU and AU workspaces have their own. */
        baseUrl?: string;
        /** @visibility secret */
        accessToken: string;
        /** The admin the notes and replies are written as. */
        adminId: string;
        /** Defaults to 1000. */
        requestsPerMinute?: number;
      };
      /** Freshdesk's API, for notes and replies on tickets. */
      freshdesk?: {
        /** `https://<domain>.freshdesk.com` */
        baseUrl: string;
        /** @visibility secret */
        apiKey: string;
        /** The plan's rate limit. Defaults to 200. */
        requestsPerMinute?: number;
      };
      /** Any other helpdesk: every note and reply is POSTed to this URL as JSON. */
      generic?: {
        url: string;
        /** Sent as `Authorization: Bearer <token>`. @visibility secret */
        token?: string;
        /** Defaults to 0: unlimited. */
        requestsPerMinute?: number;
      };
    };
    /**
     * Importing schedules and escalation policies from PagerDuty and Opsgenie (the admin page
     * and `npm run import`). A token given for a run wins over these; none is ever stored.
     */
    import?: {
      pagerduty?: {
        /**
         * A PagerDuty REST API key (read-only is enough), sent as `Token token=…`.
         * @visibility secret
         */
        token?: string;
        /** Defaults to `https://api.pagerduty.com`; the EU service region has its own. */
        apiUrl?: string;
      };
      opsgenie?: {
        /**
         * An Opsgenie API key (an API integration's key, read access), sent as `GenieKey …`.
         * @visibility secret
         */
        apiKey?: string;
        /** Defaults to `https://api.opsgenie.com`; EU accounts use `https://api.eu.opsgenie.com`. */
        apiUrl?: string;
      };
      /** The Group that owns schedules and policies no vendor team or service maps to. */
      defaultOwnerRef?: string;
    };
  };
}
