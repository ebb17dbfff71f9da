/** How well the time of a piece of evidence fits an incident's onset, and how to say it. */

export const MINUTE = 60_000;
/** Alerts this far apart are read in order; closer, they may be one scan of the rules. */
export const ORDER_SLACK = 20_000;

/**
 * How well a start time fits a cause of something that began at `onset`. A cause starts before
 * its symptoms: full weight from two minutes after (alerting rules fire a scan or two apart) to
 * thirty minutes before; halving every hour further back, since a problem that has gone on for
 * days is background, not news; halving every five minutes after, since what starts after the
 * incident is more likely another victim than the cause.
 */
export function fit(at: string, onset: string): number {
  const lead = (Date.parse(onset) - Date.parse(at)) / MINUTE;
  if (lead >= -2 && lead <= 30) return 1;
  if (lead > 30) return Math.max(0.05, 0.5 ** ((lead - 30) / 60));
  return Math.max(0.05, 0.5 ** ((-lead - 2) / 5));
}

/**
 * A change fits when it came shortly before: full weight within 15 minutes, halving every 45
 * minutes further back (most changes that break something do so within minutes of rolling
 * out), and little for a change after the onset.
 */
export function changeFit(at: string, onset: string): number {
  const lead = (Date.parse(onset) - Date.parse(at)) / MINUTE;
  if (lead < -5) return 0.1;
  if (lead <= 15) return 1;
  return Math.max(0.05, 0.5 ** ((lead - 15) / 45));
}

export function ago(at: string, onset: string): string {
  const minutes = Math.round((Date.parse(onset) - Date.parse(at)) / MINUTE);
  const span = (m: number) => {
    if (m < 120) return `${m} minute${m === 1 ? '' : 's'}`;
    if (m < 2880) return `${Math.round(m / 60)} hours`;
    return `${Math.round(m / 1440)} days`;
  };
  if (minutes === 0) return 'as the incident began';
  return minutes > 0
    ? `${span(minutes)} before the incident began`
    : `${span(-minutes)} after the incident began`;
}

export const round = (n: number) => Math.round(n * 100) / 100;
