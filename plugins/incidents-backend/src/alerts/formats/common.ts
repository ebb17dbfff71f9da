import { JsonObject, JsonValue } from '@backstage/types';
import { IncidentLink } from '@lookout/plugin-incidents-common';
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** Labels and annotations: string to string, as Prometheus and Grafana send them. */
export const labelSet = z.record(z.string(), z.string());

const OLDEST = Date.UTC(1971, 0, 1);
const NEWEST = Date.UTC(9999, 11, 31);

/**
 * A time from a sender, as ISO 8601. Go's zero time (`0001-01-01T00:00:00Z`, Alertmanager's
 * "not ended") and anything that old reads as unset: null.
 */
export const senderTime = z
  .string()
  .max(64)
  .transform((value, ctx) => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms) || ms > NEWEST) {
      ctx.addIssue({
        code: 'custom',
        message: `'${value}' is not an RFC 3339 time`,
      });
      return z.NEVER;
    }
    return ms < OLDEST ? null : new Date(ms).toISOString();
  });

const MAX_LINKS = 50;
const MAX_URL = 2000;
const MAX_TITLE = 200;

/** Only absolute http(s) links are kept: anything else cannot be opened from the portal. */
export function links(
  candidates: Array<{ title?: string; url?: string | null }>,
): IncidentLink[] {
  const kept: IncidentLink[] = [];
  const seen = new Set<string>();
  for (const { title, url } of candidates) {
    if (!url || url.length > MAX_URL || seen.has(url)) continue;
    try {
      const { protocol } = new URL(url);
      if (protocol !== 'http:' && protocol !== 'https:') continue;
    } catch {
      continue;
    }
    seen.add(url);
    kept.push({ title: clean(title || url).slice(0, MAX_TITLE), url });
    if (kept.length === MAX_LINKS) break;
  }
  return kept;
}

/**
 * Text for a text column: without NUL, which PostgreSQL refuses in text, and at most `max`
 * characters.
 */
export function clean(text: string, max = 10_000): string {
  const stripped = text.includes('\u0000')
    ? text.split('\u0000').join('')
    : text;
  return stripped.length > max ? stripped.slice(0, max) : stripped;
}

/** String entries of an object, stringifying numbers and booleans, for annotations. */
export function scalarEntries(value: unknown): Record<string, string> {
  const entries: Record<string, string> = {};
  if (!isPlainObject(value)) return entries;
  for (const [key, item] of Object.entries(value)) {
    if (['string', 'number', 'boolean'].includes(typeof item)) {
      entries[key] = String(item);
    }
  }
  return entries;
}

const MAX_DEPTH = 8;

/**
 * Sender-specific JSON kept as it came, if it nests at most eight deep: a 512 KB body can
 * nest deep enough to overflow the stack of JSON.stringify, so deeper values are dropped.
 * The check walks iteratively for the same reason.
 */
export function boundedJson(value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= MAX_DEPTH) return undefined;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return value as JsonValue;
}

/** Keeps only the defined entries, for `details`. */
export function compact(
  entries: Record<string, JsonValue | undefined>,
): JsonObject {
  return Object.fromEntries(
    Object.entries(entries).filter(([, v]) => v !== undefined),
  ) as JsonObject;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
