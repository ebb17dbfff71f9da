/**
 * The order every ingestion transaction takes its locks in: alert rows by dedup key, then
 * alert groups by entity, then incidents. Overlapping deliveries then queue instead of
 * deadlocking. Plain code-unit order, the same on every replica and database.
 */
export function lockOrder(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
