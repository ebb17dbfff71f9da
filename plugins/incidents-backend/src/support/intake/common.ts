import { createHash } from 'node:crypto';

/** An id as helpdesks send it: a number or a string, never empty. */
export function idText(value: string | number): string {
  return String(value).trim();
}

/**
 * Deliveries without an event id of their own (trigger and automation webhooks, our generic
 * JSON) are keyed by their exact body: the same ticket event sent twice is one event.
 */
export function bodyKey(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

/** Tags as helpdesks write them: a list, or one string separated by spaces or commas. */
export function tagList(value: string | string[] | undefined | null): string[] {
  const list = Array.isArray(value) ? value : (value ?? '').split(/[\s,]+/);
  return [...new Set(list.map(t => t.trim().toLowerCase()).filter(Boolean))];
}

/** A time the helpdesk gave, or `fallback` when it gave none that parses. */
export function timeOr(
  value: string | number | undefined | null,
  fallback: string,
): string {
  if (value === undefined || value === null || value === '') return fallback;
  const ms =
    typeof value === 'number' || /^\d{9,11}$/.test(String(value))
      ? Number(value) * 1000
      : Date.parse(String(value));
  return Number.isNaN(ms) ? fallback : new Date(ms).toISOString();
}

/** Empty strings and unfilled placeholders mean "not given". */
export function text(value: string | number | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const s = String(value).trim();
  return s && !/^\{\{.*\}\}$/.test(s) ? s : null;
}
