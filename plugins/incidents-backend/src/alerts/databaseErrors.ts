import { ServiceUnavailableError } from '@backstage/errors';
import { ErrorRequestHandler } from 'express';

/** PostgreSQL SQLSTATEs of a lost race: the same transaction run again may well succeed. */
const CONFLICT_CODES = new Set(['40001', '40P01']);

/**
 * PostgreSQL SQLSTATEs that mean the database is unreachable or refusing work right now:
 * connection exceptions (08…), shutdown and startup (57P01–57P03), too many connections.
 */
const UNAVAILABLE_CODES = /^(08...|57P0[123]|53300)$/;

/** Node socket errors and the messages knex, pg and SQLite use for the same situations. */
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);
const UNAVAILABLE_MESSAGES =
  /Unable to acquire a connection|Timeout acquiring a connection|Connection terminated|connection is not open|database is locked|Client has encountered a connection error/i;

/** A deadlock or serialization failure: retry the transaction. */
export function isConflict(error: unknown): boolean {
  return CONFLICT_CODES.has(String((error as { code?: unknown })?.code));
}

/** The database is down or overloaded, not the request wrong. */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = String((error as { code?: unknown }).code ?? '');
  return (
    error.name === 'KnexTimeoutError' ||
    isConflict(error) ||
    UNAVAILABLE_CODES.test(code) ||
    UNAVAILABLE_ERRNOS.has(code) ||
    UNAVAILABLE_MESSAGES.test(error.message)
  );
}

/**
 * Express error middleware for routes that senders retry: a database that is down answers
 * 503, which Alertmanager and PagerDuty-style senders retry with backoff, where a 500 would
 * read as a bug. Nothing was committed, so the retry is safe.
 */
export const databaseUnavailableTo503: ErrorRequestHandler = (
  error,
  _req,
  _res,
  next,
) => {
  next(
    isUnavailable(error)
      ? new ServiceUnavailableError(
          'The incidents database is unavailable; nothing was recorded, retry later',
          error,
        )
      : error,
  );
};
