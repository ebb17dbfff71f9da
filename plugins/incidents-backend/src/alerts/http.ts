import { AuthenticationError, InputError } from '@backstage/errors';
import express, { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { TooManyRequestsError } from '../integrations/errors';

/** The same limit as every other route of the plugin; a larger body gets 413. */
const BODY_LIMIT = '512kb';

/**
 * Senders' bodies are read raw, whatever their content type: a Grafana signature is over
 * the exact bytes, and a wrong content type should get a 400 that says so rather than an
 * empty body.
 */
export const rawBody = express.raw({ type: () => true, limit: BODY_LIMIT });

/** For the few JSON routes mounted beside the senders' (which read their bodies raw). */
export const jsonBody = express.json({ limit: BODY_LIMIT });

export function bodyBytes(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

/** The body as JSON; anything else is the sender's mistake, and a 400 says which. */
export function readJson(req: Request): unknown {
  const bytes = bodyBytes(req);
  if (bytes.length === 0) {
    throw new InputError('The body is empty; send the event as JSON');
  }
  if (!req.is(['application/json', '+json'])) {
    throw new InputError(
      `Content-Type must be application/json, not '${
        req.header('content-type') ?? 'none'
      }'`,
    );
  }
  try {
    return JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputError(
      `The body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/** `Authorization: Bearer <key>`, as Alertmanager's and Grafana's HTTP configs send it. */
export function bearerToken(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.header('authorization') ?? '');
  return match?.[1];
}

/**
 * Parses a PagerDuty-shaped body. Each problem becomes one line of the InputError, and one
 * entry of `errors` in the PagerDuty error body.
 */
export function parseEvent<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(issue =>
          issue.path.length
            ? `'${issue.path.join('.')}': ${issue.message}`
            : issue.message,
        )
        .join('\n'),
    );
  }
  return result.data;
}

/**
 * The PagerDuty Events API answers its own error shape, which its senders read:
 * `{status, message, errors}`, with `Retry-After` on 429. This is the one place that writes a
 * 4xx by hand; 5xx go on to Backstage's handler, since senders only retry them.
 */
export function pagerDutyErrors(
  error: Error & { statusCode?: number; type?: string },
  _req: Request,
  res: Response,
  next: NextFunction,
): void {
  if (res.headersSent) {
    next(error);
  } else if (error instanceof TooManyRequestsError) {
    res
      .status(429)
      .set('Retry-After', String(error.retryAfterSeconds))
      .json({
        status: 'throttle event',
        message:
          'Requests for this routing key are arriving too quickly. Please retry later.',
        errors: [error.message],
      });
  } else if (error.statusCode === 413 || error.type === 'entity.too.large') {
    res.status(413).json({
      status: 'invalid event',
      message: 'Event object is too large',
      errors: [`The body is over ${BODY_LIMIT}`],
    });
  } else if (InputError.is(error)) {
    res.status(400).json({
      status: 'invalid event',
      message: 'Event object is invalid',
      errors: error.message.split('\n'),
    });
  } else if (AuthenticationError.is(error)) {
    // PagerDuty answers an unusable routing key with 400 as well
    res.status(400).json({
      status: 'invalid event',
      message: 'Event object is invalid',
      errors: [`'routing_key': ${error.message}`],
    });
  } else {
    next(error);
  }
}
