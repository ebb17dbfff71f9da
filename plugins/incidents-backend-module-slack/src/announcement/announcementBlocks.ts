import { Incident } from '@lookout/plugin-incidents-common';
import { SlackBlocks } from '../slack/SlackClient';

/** The action IDs of the announcement's buttons, as interactions carry them back. */
export const ACTION_ACKNOWLEDGE = 'lookout_acknowledge';
export const ACTION_ESCALATE = 'lookout_escalate';
export const ACTION_OPEN = 'lookout_open';

const SEVERITY_EMOJI: Record<string, string> = {
  SEV1: ':red_circle:',
  SEV2: ':large_orange_circle:',
  SEV3: ':large_yellow_circle:',
  SEV4: ':white_circle:',
};

function who(ref: string | undefined): string {
  return ref ? ref.replace(/^user:(default\/)?/, '') : '_nobody_';
}

/** The incident's page in the portal. */
export function incidentUrl(portalBaseUrl: string, incident: Incident): string {
  return `${portalBaseUrl.replace(/\/$/, '')}/incidents/${incident.id}`;
}

/** The fallback text of the announcement, for notifications and screen readers. */
export function announcementText(incident: Incident): string {
  return `${incident.id} ${incident.severity} ${incident.status}: ${incident.title}`;
}

/**
 * The one announcement of an incident in Block Kit: title, severity, status, roles, origin,
 * blast radius and links, with buttons to acknowledge, escalate and open it in the portal.
 * The same blocks replace the message in place on every change.
 */
export function announcementBlocks(
  incident: Incident,
  portalBaseUrl: string,
): SlackBlocks {
  const url = incidentUrl(portalBaseUrl, incident);
  const open = !['resolved', 'closed', 'declined', 'merged'].includes(
    incident.status,
  );
  const impacted = incident.impactedEntityRefs;
  const blocks: SlackBlocks = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: `${incident.id}: ${incident.title}`.slice(0, 150),
      },
    },
    {
      type: 'section',
      fields: [
        {
          type: 'mrkdwn',
          text: `*Severity*\n${SEVERITY_EMOJI[incident.severity] ?? ''} ${
            incident.severity
          }`,
        },
        {
          type: 'mrkdwn',
          text: `*Status*\n${incident.status}${
            incident.acknowledgedAt ? ' (acknowledged)' : ''
          }`,
        },
        {
          type: 'mrkdwn',
          text: `*Commander*\n${who(incident.roles.commander)}`,
        },
        {
          type: 'mrkdwn',
          text: `*Communications*\n${who(incident.roles.communications)}`,
        },
        { type: 'mrkdwn', text: `*Origin*\n\`${incident.entityRef}\`` },
        {
          type: 'mrkdwn',
          text: `*Blast radius*\n${
            impacted.length
              ? impacted
                  .slice(0, 5)
                  .map(r => `\`${r}\``)
                  .join(', ') +
                (impacted.length > 5 ? ` and ${impacted.length - 5} more` : '')
              : '_only the origin_'
          }`,
        },
      ],
    },
  ];
  if (incident.customerImpact) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Customer impact*\n${incident.customerImpact}`,
      },
    });
  }
  if (incident.links.length) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: incident.links
            .slice(0, 10)
            .map(l => `<${l.url}|${l.title}>`)
            .join(' · '),
        },
      ],
    });
  }
  const buttons: SlackBlocks = [];
  if (open && !incident.acknowledgedAt) {
    buttons.push({
      type: 'button',
      action_id: ACTION_ACKNOWLEDGE,
      style: 'primary',
      text: { type: 'plain_text', text: 'Acknowledge' },
      value: incident.id,
    });
  }
  if (open) {
    buttons.push({
      type: 'button',
      action_id: ACTION_ESCALATE,
      style: 'danger',
      text: { type: 'plain_text', text: 'Escalate' },
      value: incident.id,
    });
  }
  buttons.push({
    type: 'button',
    action_id: ACTION_OPEN,
    text: { type: 'plain_text', text: 'Open in Lookout' },
    url,
  });
  blocks.push({ type: 'actions', elements: buttons });
  return blocks;
}
