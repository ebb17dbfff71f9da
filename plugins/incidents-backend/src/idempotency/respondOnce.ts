import { BackstageCredentials } from '@backstage/backend-plugin-api';
import express, { Request } from 'express';
import { actorRef } from '../incidents/actors';
import { IdempotencyStore } from './IdempotencyStore';

/**
 * Answers with what `action` answers; when a client retries with the same Idempotency-Key,
 * with the first answer again, and `action` does not run twice. Without the header every
 * request acts (two reassignments to one person are two pages).
 */
export async function respondOnce(
  idempotency: IdempotencyStore,
  request: {
    req: Request;
    res: express.Response;
    credentials: BackstageCredentials;
    operation: string;
  },
  action: () => Promise<{ status: number; body: unknown }>,
): Promise<void> {
  const { req, res, credentials, operation } = request;
  const key = req.header('Idempotency-Key');
  const response = key
    ? await idempotency.run(
        { actor: actorRef(credentials), key, operation },
        action,
      )
    : await action();
  res.status(response.status).json(response.body);
}
