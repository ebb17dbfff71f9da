import {
  INCIDENT_ROLES,
  INCIDENT_STATUSES,
  IncidentRole,
  IncidentStatus,
  SEVERITIES,
  Severity,
} from '@lookout/plugin-incidents-common';

/** A `/lookout` command, parsed; `incidentId` is set when the text names one. */
export type ChatCommand = { incidentId?: string } & (
  | { name: 'help' }
  | { name: 'declare' }
  | { name: 'channel' }
  | { name: 'ack' }
  | { name: 'escalate' }
  | { name: 'page'; who: string; message?: string }
  | { name: 'status'; status: IncidentStatus; note?: string }
  | { name: 'severity'; severity: Severity }
  | { name: 'assign'; role: IncidentRole; who: string }
  | { name: 'note'; markdown: string }
  | { name: 'resolve'; note?: string }
  | { name: 'unknown'; problem: string }
);

const INCIDENT_ID = /\bINC-\d+\b/i;

/**
 * Reads the text after the slash command. An incident id anywhere in it (`INC-42`) picks the
 * incident; otherwise the channel's incident is meant.
 */
export function parseCommand(text: string): ChatCommand {
  const idMatch = text.match(INCIDENT_ID);
  const incidentId = idMatch?.[0].toLocaleUpperCase('en-US');
  const rest = (idMatch ? text.replace(idMatch[0], ' ') : text).trim();
  const [verb = '', ...args] = rest.split(/\s+/);
  const tail = rest.slice(verb.length).trim();
  const base = incidentId ? { incidentId } : {};
  const unknown = (problem: string): ChatCommand => ({
    ...base,
    name: 'unknown',
    problem,
  });
  switch (verb.toLocaleLowerCase('en-US')) {
    case '':
    case 'help':
      return { ...base, name: 'help' };
    case 'declare':
      return { ...base, name: 'declare' };
    case 'channel':
      return { ...base, name: 'channel' };
    case 'ack':
    case 'acknowledge':
      return { ...base, name: 'ack' };
    case 'escalate':
      return { ...base, name: 'escalate' };
    case 'page': {
      if (!args[0]) {
        return unknown(
          '`page` takes a person (@someone) or a team (group:checkout-team) and a message',
        );
      }
      const message = tail.slice(args[0].length).trim();
      return {
        ...base,
        name: 'page',
        who: args[0],
        ...(message ? { message } : {}),
      };
    }
    case 'status': {
      const status = args[0]?.toLocaleLowerCase('en-US') as IncidentStatus;
      if (!INCIDENT_STATUSES.includes(status)) {
        return unknown(
          `\`status\` takes one of ${INCIDENT_STATUSES.join(', ')}`,
        );
      }
      const note = args.slice(1).join(' ').trim();
      return { ...base, name: 'status', status, ...(note ? { note } : {}) };
    }
    case 'severity':
    case 'sev': {
      const severity = args[0]?.toLocaleUpperCase('en-US') as Severity;
      if (!SEVERITIES.includes(severity)) {
        return unknown(`\`severity\` takes one of ${SEVERITIES.join(', ')}`);
      }
      return { ...base, name: 'severity', severity };
    }
    case 'assign': {
      const role = args[0]?.toLocaleLowerCase('en-US') as IncidentRole;
      if (!INCIDENT_ROLES.includes(role) || !args[1]) {
        return unknown(
          `\`assign\` takes a role (${INCIDENT_ROLES.join(
            ', ',
          )}) and a person (@someone)`,
        );
      }
      return { ...base, name: 'assign', role, who: args[1] };
    }
    case 'note':
      if (!tail) {
        return unknown('`note` needs some text');
      }
      return { ...base, name: 'note', markdown: tail };
    case 'resolve':
      return { ...base, name: 'resolve', ...(tail ? { note: tail } : {}) };
    default:
      return unknown(`\`${verb}\` is not a Lookout command`);
  }
}

/** The answer to `help` and to anything not understood. */
export function helpText(command: string): string {
  return [
    `*${command}* runs Lookout from Slack, as your Backstage user. In an incident channel the`,
    `channel's incident is meant; elsewhere name it (\`${command} ack INC-42\`).`,
    `• \`${command} declare\`: declare an incident`,
    `• \`${command} ack\`: acknowledge (stops escalation)`,
    `• \`${command} escalate\`: page the next level of the escalation policy now`,
    `• \`${command} page @someone|group:team [message]\`: page a person, or a team's on-call`,
    `• \`${command} status investigating|identified|monitoring [note]\``,
    `• \`${command} severity SEV1..SEV4\``,
    `• \`${command} assign commander|communications|scribe @someone\``,
    `• \`${command} note <text>\`: a note on the timeline`,
    `• \`${command} resolve [note]\``,
    `• \`${command} channel INC-42\`: open the incident's channel`,
    `React with :pushpin: (or pin a message) to put it on the timeline.`,
  ].join('\n');
}
