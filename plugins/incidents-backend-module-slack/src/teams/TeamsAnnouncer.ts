import { Incident } from '@lookout/plugin-incidents-common';
import { IncidentChatHost } from '@lookout/plugin-incidents-node';
import { incidentUrl } from '../announcement/announcementBlocks';
import { TeamsConfig } from '../config/readChatConfig';
import { SlackRetryLater } from '../slack/SlackClient';
import { handleRequeuingRateLimits } from '../slack/handleRequeuingRateLimits';

export const KIND_TEAMS_POST = 'teams.post';

/** The Adaptive Card a Teams channel gets for an incident and each change of it. */
export function adaptiveCard(
  incident: Incident,
  change: string,
  portalBaseUrl: string,
): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              size: 'Large',
              weight: 'Bolder',
              wrap: true,
              text: `${incident.id}: ${incident.title}`,
            },
            {
              type: 'TextBlock',
              isSubtle: true,
              wrap: true,
              text: change,
            },
            {
              type: 'FactSet',
              facts: [
                { title: 'Severity', value: incident.severity },
                {
                  title: 'Status',
                  value: `${incident.status}${
                    incident.acknowledgedAt ? ' (acknowledged)' : ''
                  }`,
                },
                {
                  title: 'Commander',
                  value: incident.roles.commander ?? 'nobody',
                },
                { title: 'Origin', value: incident.entityRef },
                {
                  title: 'Blast radius',
                  value:
                    incident.impactedEntityRefs.slice(0, 5).join(', ') ||
                    'only the origin',
                },
              ],
            },
          ],
          actions: [
            {
              type: 'Action.OpenUrl',
              title: 'Open in Lookout',
              url: incidentUrl(portalBaseUrl, incident),
            },
          ],
        },
      },
    ],
  };
}

/**
 * Microsoft Teams, outbound only: each change of an incident whose origin a configured team owns
 * is posted to that team's Workflows webhook as an Adaptive Card, through the work queue, so a
 * Teams outage delays the cards and loses none. Workflows webhooks cannot edit a card they
 * posted, so every change is a new card.
 */
export class TeamsAnnouncer {
  constructor(
    private readonly options: {
      host: IncidentChatHost;
      config: TeamsConfig;
      portalBaseUrl: string;
      fetch?: typeof fetch;
    },
  ) {}

  start(): void {
    const { host, config } = this.options;
    handleRequeuingRateLimits(host, KIND_TEAMS_POST, p =>
      this.post(p.url, p.incidentId, p.change),
    );
    host.subscribe('teams', async ({ type, incident }) => {
      if (type === 'deleted' || type === 'note') return;
      const owner = incident.ownerRef?.toLocaleLowerCase('en-US');
      const hooks = config.webhooks.filter(w => w.groupRef === owner);
      if (hooks.length === 0) return;
      await host.enqueue(
        hooks.map((hook, index) => ({
          kind: KIND_TEAMS_POST,
          key: `teams:${index}:${incident.id}:v${incident.version}:${type}`,
          payload: {
            url: hook.url,
            incidentId: incident.id,
            change: describe(type, incident),
          },
        })),
      );
    });
  }

  private async post(url: string, incidentId: string, change: string) {
    const incident = await this.options.host.getIncident(incidentId);
    const response = await (this.options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(
        adaptiveCard(incident, change, this.options.portalBaseUrl),
      ),
    });
    if (response.status === 429) {
      const seconds = Number(response.headers.get('retry-after') ?? '30');
      throw new SlackRetryLater(
        'Teams answered 429',
        Math.max(1, seconds) * 1000,
      );
    }
    if (!response.ok) {
      throw new Error(`Teams webhook answered ${response.status}`);
    }
  }
}

function describe(type: string, incident: Incident): string {
  switch (type) {
    case 'declared':
      return `Declared ${incident.severity}`;
    case 'acknowledged':
      return 'Acknowledged';
    case 'transitioned':
      return `Now ${incident.status}`;
    default:
      return 'Updated';
  }
}
