/*
 * One backend replica's escalation engine, as a child process of the multi-process test and
 * the benchmark: the real store, work queue, worker and engine against a shared PostgreSQL
 * database, sweeping the queue as the backend's scheduler would. Its one channel records
 * every send in `e2e_sends`, counting repeats, so the parent can count pages in the database.
 *
 * Env: LOOKOUT_E2E_DB (connection string), LOOKOUT_E2E_OWNER, LOOKOUT_E2E_LEASE_MS,
 * LOOKOUT_E2E_SWEEP_MS. Tells its parent `ready`; SIGTERM stops it gracefully.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EscalationPolicy,
  EscalationTarget,
  ResolvedTarget,
} from '@lookout/plugin-incidents-common';
import knexFactory from 'knex';
import { DatabaseIncidentsStore } from '../../incidents/DatabaseIncidentsStore';
import { QueueWorker } from '../../queue/QueueWorker';
import { WorkQueue } from '../../queue/WorkQueue';
import { AckTokens } from '../../paging/ackTokens';
import { DatabasePagingStore } from '../../paging/DatabasePagingStore';
import { PageComposer } from '../../paging/pageContent';
import { PageDelivery } from '../../paging/PageDelivery';
import { PagingWebhooksService } from '../../paging/PagingWebhooksService';
import { DatabaseEscalationStore } from '../DatabaseEscalationStore';
import { EscalationEngine } from '../EscalationEngine';
import { registerEngine } from '../registerEngine';

const logger: LoggerService = {
  error: (message, meta) => console.error(message, meta ?? ''),
  warn: message => console.error(message),
  info: () => undefined,
  debug: () => undefined,
  child: () => logger,
};

/** Every person a level names is paged; schedules are not what this process exercises. */
export async function resolveUsers(
  _owner: string,
  targets: EscalationTarget[],
): Promise<ResolvedTarget[]> {
  return targets.flatMap(t =>
    t.type === 'user'
      ? [{ userRef: t.userRef, reason: 'named in the policy' }]
      : [],
  );
}

/** The engine of one replica, as the backend builds it, minus HTTP and the catalog. */
export function createEngine(options: {
  knex: ReturnType<typeof knexFactory>;
  queue: WorkQueue;
  owner: string;
  /** True in an engine process: its worker runs the queue. */
  runsQueue?: boolean;
  /** The policy an escalation this engine starts runs; children only run steps. */
  policy?: EscalationPolicy | ((groupRef: string) => EscalationPolicy);
}) {
  const { knex, queue } = options;
  const store = DatabaseEscalationStore.create({ knex });
  const incidentsStore = DatabaseIncidentsStore.create({ knex });
  const worker = new QueueWorker({ queue, logger, owner: options.owner });
  const ackTokens = new AckTokens(async () => 'e2e-secret', 3_600_000);
  const pages = DatabasePagingStore.create({ knex });
  // only a process that runs the queue wakes its worker; a parent that just starts
  // escalations leaves every step to the engine processes
  const poke = options.runsQueue ? () => worker.poke() : undefined;
  const delivery = new PageDelivery({
    store: pages,
    queue,
    incidentsStore,
    channels: [
      {
        name: 'e2e',
        send: async page => {
          await knex.raw(
            `INSERT INTO e2e_sends (page_id, owner, sends) VALUES (?, ?, 1)
             ON CONFLICT (page_id) DO UPDATE SET sends = e2e_sends.sends + 1`,
            [page.id, options.owner],
          );
        },
      },
    ],
    webhooks: new PagingWebhooksService({
      store: pages,
      authorizer: { requireBasic: async () => undefined },
      configured: [],
    }),
    composer: new PageComposer({
      blastRadius: seq => pages.latestBlastRadius(seq),
      blastRadii: seqs => pages.latestBlastRadii(seqs),
      catalog: { getEntityByRef: async () => undefined },
      auth: {
        getOwnServiceCredentials: async () =>
          ({
            $$type: '@backstage/BackstageCredentials',
            principal: { type: 'service', subject: 'e2e' },
          } as any),
      },
      appBaseUrl: 'http://portal.test',
      backendBaseUrl: async () => 'http://backend.test/api/incidents',
      acknowledgeToken: (pageId, now) => ackTokens.sign(pageId, now),
    }),
    logger,
    poke,
  });
  const escalation = new EscalationEngine({
    store,
    pages,
    delivery,
    queue,
    policies: {
      policyFor: async target => {
        if (!options.policy || !('groupRef' in target)) {
          throw new Error('this engine starts no escalations');
        }
        const policy =
          typeof options.policy === 'function'
            ? options.policy(target.groupRef)
            : options.policy;
        return { groupRef: target.groupRef, policy };
      },
      resolveTargets: resolveUsers,
    },
    incidentsStore,
    logger,
    poke,
  });
  registerEngine(worker, escalation, delivery);
  return { escalation, worker, store };
}

async function main() {
  const knex = knexFactory({
    client: 'pg',
    connection: process.env.LOOKOUT_E2E_DB,
    // the multi-process test keeps pools small: it runs beside other test files on one server
    pool: { min: 1, max: Number(process.env.LOOKOUT_E2E_POOL ?? 8) },
  });
  const owner = process.env.LOOKOUT_E2E_OWNER ?? `e2e-${process.pid}`;
  const queue = WorkQueue.create({
    knex,
    leaseMs: Number(process.env.LOOKOUT_E2E_LEASE_MS ?? 30_000),
  });
  const { worker } = createEngine({ knex, queue, owner, runsQueue: true });
  const sweep = setInterval(() => {
    worker.runOnce().catch(error => logger.error('sweep failed', error));
  }, Number(process.env.LOOKOUT_E2E_SWEEP_MS ?? 250));
  process.on('SIGTERM', async () => {
    clearInterval(sweep);
    await worker.stop();
    await knex.destroy();
    process.exit(0);
  });
  worker.poke();
  process.send?.('ready');
}

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
