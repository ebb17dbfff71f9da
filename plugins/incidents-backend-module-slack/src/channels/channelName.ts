import { Incident } from '@lookout/plugin-incidents-common';

/** Slack's limit on a channel name. */
export const MAX_CHANNEL_NAME = 80;

/**
 * The channel name for an incident from a template (`{number}`, `{id}`, `{title}`), made to
 * follow Slack's rules: lower case; letters, digits, hyphens and underscores only; at most 80
 * characters. `attempt` 2 and up adds a suffix after a `name_taken`.
 */
export function channelName(
  template: string,
  incident: Pick<Incident, 'id' | 'title'>,
  attempt = 1,
): string {
  const number = incident.id.replace(/^INC-/i, '');
  const raw = template
    .replace(/\{number\}/g, number)
    .replace(/\{id\}/g, incident.id)
    .replace(/\{title\}/g, incident.title);
  const base = slug(raw) || `inc-${number}`;
  const suffix = attempt > 1 ? `-${attempt}` : '';
  return `${base
    .slice(0, MAX_CHANNEL_NAME - suffix.length)
    .replace(/-+$/, '')}${suffix}`;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
}
