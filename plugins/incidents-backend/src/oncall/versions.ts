import { ConflictError, NotFoundError } from '@backstage/errors';

/** What an update finds: the new row, a newer version than the caller saw, or nothing. */
export type UpdateResult<T> =
  | { updated: T }
  | { stale: number }
  | { missing: true };

/** The updated row, or the 409 or 404 that says why there is none. */
export function updatedOrThrow<T>(
  result: UpdateResult<T>,
  what: string,
  version: number,
): T {
  if ('updated' in result) return result.updated;
  if ('stale' in result) {
    throw new ConflictError(
      `The ${what} changed since version ${version} (now version ${result.stale}); reload it and try again`,
    );
  }
  throw new NotFoundError(`No ${what}`);
}
