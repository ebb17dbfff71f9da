import { InputError } from '@backstage/errors';
import { z } from 'zod';

// The zod building blocks every router parses with, so that one field means the same
// everywhere: a ref is at most 255 characters, a time carries its offset, a list may be
// given either way a query string can give it.

/** An entity ref as a client writes it; services normalise it with `normalizeRef`. */
export const ref = z.string().min(1).max(255);

/** An ISO 8601 time with its offset (`Z` or `+02:00`). */
export const isoTime = z.iso.datetime({ offset: true });

/** An optimistic-concurrency version, as the database's integer column can hold it. */
export const version = z.number().int().positive().max(2_147_483_647);

/** A page size for the `{items, nextCursor}` lists. */
export const pageLimit = (max: number) =>
  z.coerce.number().int().min(1).max(max).optional();

/** An opaque `nextCursor` from a previous page. */
export const cursor = z.string().max(500).optional();

/** `?status=a,b` and `?status=a&status=b` both mean [a, b]. */
export const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform(v => (Array.isArray(v) ? v : [v]).flatMap(s => s.split(',')))
    .pipe(z.array(z.enum(values)));

/** Parses with zod and turns a failure into a 400 that names every bad field. */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(z.prettifyError(result.error));
  }
  return result.data;
}
