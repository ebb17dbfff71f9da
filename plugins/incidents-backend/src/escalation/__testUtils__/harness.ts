import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ANNOTATION_RUNBOOKS,
  EscalationPolicy,
  EscalationTarget,
  Incident,
  ResolvedTarget,
} from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { migrateDatabase } from '../../database/migrateDatabase';
import { AlertIncidentWriter } from '../../incidents/AlertIncidentWriter';
import { DatabaseIncidentsStore } from '../../incidents/DatabaseIncidentsStore';
import { IncidentChangeStream } from '../../incidents/IncidentChangeStream';
import { IncidentsService } from '../../incidents/IncidentsService';
import { IncidentsAuthorizer } from '../../permissions/IncidentsAuthorizer';
import { AckTokens } from '../../paging/ackTokens';
import { PageChannel } from '../../paging/channels';
import { DatabasePagingStore } from '../../paging/DatabasePagingStore';
import { PageComposer, PageContent } from '../../paging/pageContent';
import { PageDelivery } from '../../paging/PageDelivery';
import { IncidentsAccess, PagesService } from '../../paging/PagesService';
import { PageRecord } from '../../paging/PagingStore';
import { PagingWebhooksService } from '../../paging/PagingWebhooksService';
import { TimerItem, TimerQueue } from '../../paging/types';
import { DatabaseEscalationStore } from '../DatabaseEscalationStore';
import { EscalationEngine } from '../EscalationEngine';
import { EscalationService } from '../EscalationService';
import { PolicyLookup } from '../types';

type QueuedItem = TimerItem & { status: 'pending' | 'done' | 'cancelled' };

/**
 * The work queue's contract on a clock the test moves: items run when the test says the
 * clock has reached them, in due order, with the real queue's key uniqueness and cancellation.
 * Items enqueued in a transaction that rolls back disappear, as they would from the table.
 */
export class ManualClockQueue implements TimerQueue {
  readonly items: QueuedItem[] = [];
  private next = 1;

  constructor(public clock: number) {}

  async enqueue(
    items: Array<{
      kind: string;
      key: string;
      payload: any;
      dueAt?: Date;
      delayMs?: number;
    }>,
    trx?: Knex.Transaction,
  ): Promise<number> {
    const added: QueuedItem[] = [];
    for (const item of items) {
      if (this.items.some(existing => existing.key === item.key)) continue;
      const queued: QueuedItem = {
        id: String(this.next++),
        kind: item.kind,
        key: item.key,
        payload: item.payload,
        dueAt: new Date(
          item.delayMs !== undefined
            ? this.clock + item.delayMs
            : item.dueAt?.getTime() ?? this.clock,
        ),
        attempts: 0,
        status: 'pending',
      };
      this.items.push(queued);
      added.push(queued);
    }
    trx?.executionPromise.catch(() => {
      for (const item of added) this.items.splice(this.items.indexOf(item), 1);
    });
    return added.length;
  }

  async cancel(kind: string, keyPrefix: string): Promise<number> {
    const cancelled = this.pending().filter(
      item => item.kind === kind && item.key.startsWith(keyPrefix),
    );
    cancelled.forEach(item => (item.status = 'cancelled'));
    return cancelled.length;
  }

  async now(): Promise<number> {
    return this.clock;
  }

  pending(kind?: string): QueuedItem[] {
    return this.items.filter(
      item => item.status === 'pending' && (!kind || item.kind === kind),
    );
  }

  /** Moves the clock to `at` and runs everything due by then, as the worker would. */
  async runUntil(
    at: number,
    handlers: Record<string, (item: TimerItem) => Promise<void>>,
  ): Promise<void> {
    for (;;) {
      const due = this.pending()
        .filter(item => item.dueAt.getTime() <= at)
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
      if (due.length === 0) break;
      const item = due[0];
      // time passes up to the item's due time, never backwards
      this.clock = Math.max(this.clock, item.dueAt.getTime());
      item.attempts += 1;
      try {
        await handlers[item.kind](item);
        item.status = 'done';
      } catch {
        item.dueAt = new Date(this.clock + 1000);
      }
    }
    this.clock = Math.max(this.clock, at);
  }
}

/** On-call as a test states it: policies per group, and who each schedule has on call now. */
export class StaticOnCall implements PolicyLookup {
  readonly policies = new Map<string, EscalationPolicy>();
  readonly onCall = new Map<string, string>();
  readonly members = new Map<string, string[]>();
  resolutions = 0;

  async policyFor(target: { entityRef: string } | { groupRef: string }) {
    const groupRef = 'groupRef' in target ? target.groupRef : '';
    const policy = this.policies.get(groupRef);
    if (!policy) throw new Error(`no policy for ${groupRef}`);
    return { groupRef, policy };
  }

  async resolveTargets(
    _owner: string,
    targets: EscalationTarget[],
  ): Promise<ResolvedTarget[]> {
    this.resolutions += 1;
    const people: ResolvedTarget[] = [];
    for (const target of targets) {
      if (target.type === 'user') {
        people.push({ userRef: target.userRef, reason: 'named in the policy' });
      } else if (target.type === 'schedule') {
        const userRef = this.onCall.get(target.scheduleId);
        if (userRef) {
          people.push({ userRef, reason: `on call for ${target.scheduleId}` });
        }
      } else if (target.type === 'group_members') {
        for (const userRef of this.members.get(target.groupRef) ?? []) {
          people.push({ userRef, reason: `member of ${target.groupRef}` });
        }
      }
    }
    return people.filter(
      (p, i) => people.findIndex(q => q.userRef === p.userRef) === i,
    );
  }
}

/** A channel that keeps what it was asked to send. */
export class RecordingChannel implements PageChannel {
  readonly name = 'recording';
  readonly sent: Array<{ page: PageRecord; content: PageContent }> = [];
  failNext = 0;

  async send(page: PageRecord, content: PageContent): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('the channel is down');
    }
    this.sent.push({ page, content });
  }
}

/** Lets everything: permission rules are not what these tests are about. */
const allowAll = {
  require: async () => undefined,
  requireBasic: async () => undefined,
  requireCreate: async () => undefined,
  allows: async () => true,
  readCondition: async () => undefined,
} as unknown as IncidentsAuthorizer;

export const T0 = Date.parse('2026-11-30T10:00:00.000Z');
export const ACK_SECRET = 'test-secret-of-the-ack-links-0123456789';
export const user = mockCredentials.user('user:default/alice');

/** The engine on a real database, on the manual clock, with the real incidents service. */
export async function createHarness(knex: Knex) {
  await migrateDatabase(mockServices.database({ knex }));
  const queue = new ManualClockQueue(T0);
  const oncall = new StaticOnCall();
  const channel = new RecordingChannel();
  const incidentsStore = DatabaseIncidentsStore.create({ knex });
  const store = DatabaseEscalationStore.create({ knex });
  const pagesStore = DatabasePagingStore.create({ knex });
  const logger = mockServices.logger.mock();
  const catalog = catalogServiceMock({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'checkout-service',
          namespace: 'default',
          annotations: {
            [ANNOTATION_RUNBOOKS]:
              'docs/runbook.md, https://runbooks.example.com/checkout',
          },
        },
        spec: { owner: 'group:default/checkout-team' },
      },
      ...['alice', 'bob', 'carol', 'dave'].map(name => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name, namespace: 'default' },
      })),
    ],
  });
  const ackTokens = new AckTokens(async () => ACK_SECRET, 3_600_000);
  const webhooks = new PagingWebhooksService({
    store: pagesStore,
    authorizer: allowAll,
    configured: [],
  });
  const incidentChanges = new IncidentChangeStream(logger);
  const incidents = new IncidentsService({
    store: incidentsStore,
    catalog,
    authorizer: allowAll,
    logger,
    incidentChanges,
    clock: () => new Date(queue.clock),
  });
  const alertIncidents = new AlertIncidentWriter({
    store: incidentsStore,
    logger,
    incidentChanges,
    clock: () => new Date(queue.clock),
  });
  const access: IncidentsAccess = {
    get: (id, credentials) => incidents.get(id, credentials),
    acknowledge: (id, credentials) => incidents.acknowledge(id, credentials),
    acknowledgeAs: async (seq, actor) => {
      const change = await alertIncidents.acknowledgeFromAlert(
        incidentsStore,
        seq,
        actor,
      );
      if (change) await alertIncidents.announce(change, user);
    },
  };
  const composer = new PageComposer({
    blastRadius: seq => pagesStore.latestBlastRadius(seq),
    catalog,
    auth: mockServices.auth(),
    appBaseUrl: 'http://portal.test',
    backendBaseUrl: async () => 'http://backend.test/api/incidents',
    acknowledgeToken: (pageId, now) => ackTokens.sign(pageId, now),
  });
  const delivery = new PageDelivery({
    store: pagesStore,
    queue,
    incidentsStore,
    channels: [channel],
    webhooks,
    composer,
    logger,
  });
  const engine = new EscalationEngine({
    store,
    pages: pagesStore,
    delivery,
    queue,
    policies: oncall,
    incidentsStore,
    logger,
  });
  const escalation = new EscalationService({
    engine,
    store,
    pages: pagesStore,
    delivery,
    queue,
    incidents: access,
    authorizer: allowAll,
    catalogHasUser: async ref =>
      !!(await catalog.getEntityByRef(ref, { credentials: user })),
  });
  const paging = new PagesService({
    store: pagesStore,
    queue,
    incidents: access,
    incidentsStore,
    escalation: engine,
    composer,
    ackTokens,
  });
  incidentChanges.subscribe('escalation', change =>
    engine.onIncidentChange(change),
  );
  const handlers = { ...engine.handlers(), ...delivery.handlers() };

  /** Opens an incident on checkout-service (owned by checkout-team), as an alert would. */
  async function open(overrides: Partial<Incident> = {}): Promise<Incident> {
    const incident = await alertIncidents.openFromAlert(incidentsStore, {
      title: 'Checkout is failing',
      description: '',
      severity: 'SEV1',
      entityRef: 'component:default/checkout-service',
      ownerRef: 'group:default/checkout-team',
      links: [],
      actor: 'service:alertmanager',
      alert: { fingerprint: 'abc' },
      ...overrides,
    });
    await alertIncidents.announce({ type: 'declared', incident }, user);
    return incident;
  }

  return {
    knex,
    queue,
    oncall,
    channel,
    store,
    pagesStore,
    incidentsStore,
    incidents,
    alertIncidents,
    engine,
    escalation,
    paging,
    webhooks,
    ackTokens,
    open,
    /** Advances the clock by `ms` and runs what fell due. */
    advance: (ms: number) => queue.runUntil(queue.clock + ms, handlers),
    /** (level, round, user) of every page of the incident, in order. */
    pages: async (incidentId: string) =>
      (await escalation.pages(incidentId, user)).items.map(
        p => `L${p.level}R${p.round} ${p.userRef.replace('user:default/', '')}`,
      ),
    /** The state of the incident's escalation (active, acknowledged, resolved…). */
    state: async (incidentId: string) =>
      (await escalation.pages(incidentId, user)).escalation?.state,
  };
}

export const MINUTE = 60_000;

/**
 * The harness as the engine and service tests start it: checkout-team's three-level policy
 * with `repeat` rounds, bob on call for the `secondary` schedule, and `members` in
 * checkout-team when given.
 */
export async function checkoutHarness(
  knex: Knex,
  options: { repeat?: number; members?: string[] } = {},
) {
  const h = await createHarness(knex);
  h.oncall.policies.set(
    'group:default/checkout-team',
    threeLevels(options.repeat),
  );
  h.oncall.onCall.set('secondary', 'user:default/bob');
  if (options.members) {
    h.oncall.members.set('group:default/checkout-team', options.members);
  }
  return h;
}

/** checkout-team's policy: alice, then bob after 5 min, then the team after 10 more. */
export function threeLevels(repeat = 0): EscalationPolicy {
  return {
    id: 'policy-1',
    name: 'Checkout',
    ownerRef: 'group:default/checkout-team',
    levels: [
      {
        delayMinutes: 0,
        targets: [{ type: 'user', userRef: 'user:default/alice' }],
      },
      {
        delayMinutes: 5,
        targets: [{ type: 'schedule', scheduleId: 'secondary' }],
      },
      {
        delayMinutes: 10,
        targets: [
          { type: 'group_members', groupRef: 'group:default/checkout-team' },
        ],
      },
    ],
    repeat,
    derived: false,
    version: 1,
  };
}
