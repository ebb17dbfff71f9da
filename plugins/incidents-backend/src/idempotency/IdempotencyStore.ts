import { ConflictError, InputError } from '@backstage/errors';
import { Knex } from 'knex';

/** A stored answer to replay for a retried request. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

const MAX_KEY_LENGTH = 255;

/**
 * Remembers the first answer to each (caller, Idempotency-Key) so a retried create or
 * transition returns it instead of acting twice. A key claimed by a request still in flight
 * answers 409, as the same request can not yet be replayed.
 */
export class IdempotencyStore {
  static create(options: { knex: Knex }) {
    return new IdempotencyStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Runs `handler` once per key. The key is claimed by inserting its row first, so of two
   * concurrent requests with one key exactly one acts.
   */
  async run(
    options: { actor: string; key: string; operation: string },
    handler: () => Promise<StoredResponse>,
  ): Promise<StoredResponse> {
    const { actor, key, operation } = options;
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new InputError(
        `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters`,
      );
    }
    const claimed = await this.db('incident_idempotency_keys')
      .insert({ actor, key, operation, created_at: new Date() })
      .onConflict(['actor', 'key'])
      .ignore()
      .returning('key');
    if (claimed.length === 0) {
      return this.replay(options);
    }
    try {
      const response = await handler();
      await this.db('incident_idempotency_keys')
        .where({ actor, key })
        .update({
          response_status: response.status,
          response_body: JSON.stringify(response.body),
        });
      return response;
    } catch (error) {
      // nothing was done, so the same key may be retried
      await this.db('incident_idempotency_keys').where({ actor, key }).delete();
      throw error;
    }
  }

  private async replay(options: {
    actor: string;
    key: string;
    operation: string;
  }): Promise<StoredResponse> {
    const row = await this.db('incident_idempotency_keys')
      .where({ actor: options.actor, key: options.key })
      .first();
    if (row && row.operation !== options.operation) {
      throw new InputError(
        `Idempotency-Key '${options.key}' was already used for ${row.operation}; use a new key`,
      );
    }
    if (!row || row.response_status === null) {
      throw new ConflictError(
        `A request with Idempotency-Key '${options.key}' is still in progress; retry shortly`,
      );
    }
    return { status: row.response_status, body: JSON.parse(row.response_body) };
  }
}
