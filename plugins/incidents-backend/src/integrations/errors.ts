import { CustomErrorBase } from '@backstage/errors';

/**
 * A key sent more events than its per-minute budget. Backstage's error handler answers 429
 * from `statusCode`; the PagerDuty routes add `Retry-After` from `retryAfterSeconds`.
 */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  readonly statusCode = 429;

  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}
