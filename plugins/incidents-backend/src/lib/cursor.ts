import { InputError } from '@backstage/errors';

/**
 * The position after the last row of a page, for keyset pagination over lists ordered by a
 * time and then an id (integer ids for incidents and alerts, string ids for postmortems).
 * Clients get it as an opaque string.
 */
export interface PageCursor<Id extends number | string = number> {
  at: string;
  id: Id;
}

/** Opaque to clients: base64url of the last row's sort key. */
export function encodeCursor(cursor: PageCursor<number | string>): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id]), 'utf8').toString(
    'base64url',
  );
}

/** The cursor a previous page handed out; anything else is a 400. */
export function decodeCursor(value: string): PageCursor<number>;
export function decodeCursor(value: string, id: 'string'): PageCursor<string>;
export function decodeCursor(
  value: string,
  id: 'integer' | 'string' = 'integer',
): PageCursor<number | string> {
  try {
    const [at, key] = JSON.parse(
      Buffer.from(value, 'base64url').toString('utf8'),
    );
    const keyValid =
      id === 'string' ? typeof key === 'string' : Number.isInteger(key);
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && keyValid) {
      return { at, id: key };
    }
  } catch {
    // fall through to the error below
  }
  throw new InputError(
    'cursor is not valid; pass the nextCursor of a previous page unchanged',
  );
}
