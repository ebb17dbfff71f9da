import { Config } from '@backstage/config';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  from: string;
  /** Lets tests talk to a local sink with a self-signed certificate. */
  ignoreTls: boolean;
}

/** `incidents.statusPage` in app-config, with its defaults. */
export interface StatusPageSettings {
  pageId: string;
  name: string;
  /** The public page's URL; defaults to the plugin's external base URL + `/status`. */
  url?: string;
  smtp?: SmtpSettings;
  emailEnabled: boolean;
  /** Sign-up attempts per hour per client address (and per email address); 0 is no limit. */
  subscribeRateLimitPerHour: number;
  /** Bodies by status, replacing the default update templates. */
  templates: Record<string, string>;
  cache: {
    enabled: boolean;
    /** How long a replica serves its cached page before it checks the page version again. */
    checkIntervalMs: number;
  };
  webhookTimeoutMs: number;
}

export function readStatusPageSettings(config: Config): StatusPageSettings {
  const sp = config.getOptionalConfig('incidents.statusPage');
  const smtp = sp?.getOptionalConfig('smtp');
  const templates: Record<string, string> = {};
  const t = sp?.getOptionalConfig('templates');
  for (const key of t?.keys() ?? []) templates[key] = t!.getString(key);
  return {
    pageId: sp?.getOptionalString('id') ?? 'lookout',
    name: sp?.getOptionalString('name') ?? 'Status',
    url: sp?.getOptionalString('url'),
    smtp: smtp && {
      host: smtp.getString('host'),
      port: smtp.getOptionalNumber('port') ?? 587,
      secure: smtp.getOptionalBoolean('secure') ?? false,
      auth: smtp.has('auth')
        ? {
            user: smtp.getString('auth.user'),
            pass: smtp.getString('auth.pass'),
          }
        : undefined,
      from: smtp.getString('from'),
      ignoreTls: smtp.getOptionalBoolean('ignoreTls') ?? false,
    },
    emailEnabled: Boolean(smtp),
    subscribeRateLimitPerHour:
      sp?.getOptionalNumber('subscribeRateLimitPerHour') ?? 10,
    templates,
    cache: {
      enabled: sp?.getOptionalBoolean('cache.enabled') ?? true,
      checkIntervalMs: sp?.getOptionalNumber('cache.checkIntervalMs') ?? 1000,
    },
    webhookTimeoutMs: sp?.getOptionalNumber('webhookTimeoutMs') ?? 10_000,
  };
}
