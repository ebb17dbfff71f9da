import { InputError } from '@backstage/errors';
import { IncidentCursor } from './IncidentsStore';

/** Opaque to clients: base64url of the last row's sort key. */
export function encodeCursor(cursor: IncidentCursor): string {
  return Buffer.from(
    JSON.stringify([cursor.declaredAt, cursor.seq]),
    'utf8',
  ).toString('base64url');
}

export function decodeCursor(value: string): IncidentCursor {
  try {
    const [declaredAt, seq] = JSON.parse(
      Buffer.from(value, 'base64url').toString('utf8'),
    );
    if (
      typeof declaredAt === 'string' &&
      !Number.isNaN(Date.parse(declaredAt)) &&
      Number.isInteger(seq)
    ) {
      return { declaredAt, seq };
    }
  } catch {
    // fall through to the error below
  }
  throw new InputError(
    'cursor is not valid; pass the nextCursor of a previous page unchanged',
  );
}
