import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { FreshdeskSettings } from './helpdesks/FreshdeskClient';
import { IntercomSettings } from './helpdesks/IntercomClient';
import { ZendeskSettings } from './helpdesks/ZendeskClient';

export interface SupportSettings {
  /** At or above this confidence Lookout links a report to its best suggestion itself. */
  autoLinkConfidence: number;
  /** Incidents declared this long before a report still earn time evidence. */
  suggestionWindowMs: number;
  templates: { update: string; resolution: string };
  zendesk?: ZendeskSettings & { requestsPerMinute: number };
  intercom?: IntercomSettings & { requestsPerMinute: number };
  freshdesk?: FreshdeskSettings & { requestsPerMinute: number };
  generic?: { url: string; token?: string; requestsPerMinute: number };
}

export const DEFAULT_TEMPLATES = {
  update:
    'Lookout: engineering is working on {{incident.id}} "{{incident.title}}"; status is now {{incident.status}}.',
  resolution:
    'Hello, the problem you reported ("{{ticket.subject}}") was part of an incident our engineers have now resolved ({{incident.title}}). Thank you for telling us, and sorry for the trouble. If anything still looks wrong, reply to this message.',
};

/** Fills `{{incident.id}}`, `{{incident.title}}`, `{{incident.status}}` and `{{ticket.subject}}`. */
export function fillTemplate(
  template: string,
  values: Record<string, string>,
): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (all, name: string) =>
    name in values ? values[name] : all,
  );
}

function rate(config: Config, fallback: number): number {
  return config.getOptionalNumber('requestsPerMinute') ?? fallback;
}

/** `incidents.support` (see config.d.ts). */
export function readSupportSettings(root: Config): SupportSettings {
  const config = root.getOptionalConfig('incidents.support');
  const helpdesk = (name: string) => config?.getOptionalConfig(name);
  const zendesk = helpdesk('zendesk');
  const intercom = helpdesk('intercom');
  const freshdesk = helpdesk('freshdesk');
  const generic = helpdesk('generic');
  const confidence = config?.getOptionalNumber('autoLinkConfidence') ?? 0.8;
  return {
    autoLinkConfidence: Math.min(1.01, Math.max(0, confidence)),
    suggestionWindowMs: config?.has('suggestionWindow')
      ? durationToMilliseconds(
          readDurationFromConfig(config, { key: 'suggestionWindow' }),
        )
      : 24 * 3_600_000,
    templates: {
      update:
        config?.getOptionalString('templates.update') ??
        DEFAULT_TEMPLATES.update,
      resolution:
        config?.getOptionalString('templates.resolution') ??
        DEFAULT_TEMPLATES.resolution,
    },
    zendesk: zendesk && {
      baseUrl: zendesk.getString('baseUrl'),
      email: zendesk.getOptionalString('email'),
      apiToken: zendesk.getOptionalString('apiToken'),
      oauthToken: zendesk.getOptionalString('oauthToken'),
      // Zendesk Suite Enterprise's limit; lower plans allow 200 or 400
      requestsPerMinute: rate(zendesk, 700),
    },
    intercom: intercom && {
      baseUrl:
        intercom.getOptionalString('baseUrl') ?? 'https://api.intercom.io',
      accessToken: intercom.getString('accessToken'),
      adminId: intercom.getString('adminId'),
      requestsPerMinute: rate(intercom, 1000),
    },
    freshdesk: freshdesk && {
      baseUrl: freshdesk.getString('baseUrl'),
      apiKey: freshdesk.getString('apiKey'),
      requestsPerMinute: rate(freshdesk, 200),
    },
    generic: generic && {
      url: generic.getString('url'),
      token: generic.getOptionalString('token'),
      requestsPerMinute: rate(generic, 0),
    },
  };
}
