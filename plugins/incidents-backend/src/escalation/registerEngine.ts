import { PageDelivery } from '../paging/PageDelivery';
import { QueueWorker } from '../queue/QueueWorker';
import { EscalationEngine } from './EscalationEngine';

/**
 * Puts the engine's and delivery's queue kinds on a replica's worker: escalation steps in
 * batches (every step claimed at once shares one transaction), backstops and webhooks one
 * item at a time.
 */
export function registerEngine(
  worker: Pick<QueueWorker, 'handle' | 'handleBatch'>,
  engine: EscalationEngine,
  delivery: Pick<PageDelivery, 'handlers'>,
): void {
  const { batches, singles } = engine.batchHandlers();
  for (const [kind, handler] of Object.entries(batches)) {
    worker.handleBatch(kind, handler);
  }
  for (const [kind, handler] of Object.entries({
    ...singles,
    ...delivery.handlers(),
  })) {
    worker.handle(kind, handler);
  }
}
