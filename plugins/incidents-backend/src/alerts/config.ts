import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { Severity, SEVERITIES } from '@lookout/plugin-incidents-common';
import { normalizeRef } from '../lib/entityRefs';
import { RouteRule } from './routing';

/** `incidents.alerts`, read once at startup with its defaults. */
export interface AlertsConfig {
  /** How long an entity's alert group keeps gathering alerts after its last activity. */
  groupWindowMs: number;
  /** Sender severity (lowercased) to incident severity. */
  severities: Record<string, Severity>;
  /** For an alert without a severity, or with one the map does not know. */
  defaultSeverity: Severity;
  routes: RouteRule[];
  /** Events per minute per key on the PagerDuty routes; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** How far before an incident was declared its changes are shown. */
  changeLookbackMs: number;
}

/**
 * The usual names senders give severities. PagerDuty's are critical, error, warning and info;
 * Alertmanager rules commonly use critical, major, minor, warning and info.
 */
export const DEFAULT_SEVERITIES: Record<string, Severity> = {
  critical: 'SEV1',
  fatal: 'SEV1',
  emergency: 'SEV1',
  error: 'SEV2',
  high: 'SEV2',
  major: 'SEV2',
  warning: 'SEV3',
  warn: 'SEV3',
  minor: 'SEV3',
  medium: 'SEV3',
  info: 'SEV4',
  informational: 'SEV4',
  low: 'SEV4',
};

const DEFAULTS = {
  groupWindowMs: 15 * 60_000,
  defaultSeverity: 'SEV3' as Severity,
  rateLimitPerMinute: 120,
  changeLookbackMs: 24 * 3_600_000,
};

export function readAlertsConfig(root: Config): AlertsConfig {
  const config = root.getOptionalConfig('incidents.alerts');
  if (!config) {
    return { ...DEFAULTS, severities: DEFAULT_SEVERITIES, routes: [] };
  }
  const duration = (key: string, fallback: number) =>
    config.has(key)
      ? durationToMilliseconds(readDurationFromConfig(config, { key }))
      : fallback;

  const severities = { ...DEFAULT_SEVERITIES };
  const mapped = config.getOptionalConfig('severities');
  for (const name of mapped?.keys() ?? []) {
    severities[name.toLocaleLowerCase('en-US')] = readSeverity(mapped!, name);
  }

  const routes = (config.getOptionalConfigArray('routes') ?? []).map(route => {
    const match = route.getConfig('match');
    const rule: RouteRule = {
      match: Object.fromEntries(
        match.keys().map(label => [label, match.getString(label)]),
      ),
      entityRef: normalizeRef(route.getString('entityRef'), 'entityRef'),
    };
    if (Object.keys(rule.match).length === 0) {
      throw new Error(
        `incidents.alerts.routes: the route to ${rule.entityRef} matches no label; ` +
          'give at least one, or set entityRef on the integration instead',
      );
    }
    return rule;
  });

  return {
    groupWindowMs: duration('groupWindow', DEFAULTS.groupWindowMs),
    severities,
    defaultSeverity: config.has('defaultSeverity')
      ? readSeverity(config, 'defaultSeverity')
      : DEFAULTS.defaultSeverity,
    routes,
    rateLimitPerMinute:
      config.getOptionalNumber('rateLimitPerMinute') ??
      DEFAULTS.rateLimitPerMinute,
    changeLookbackMs: duration('changeLookback', DEFAULTS.changeLookbackMs),
  };
}

/** The incident severity of a sender's severity name. */
export function mapSeverity(
  config: Pick<AlertsConfig, 'severities' | 'defaultSeverity'>,
  severity: string | null,
): Severity {
  const name = severity?.trim().toLocaleLowerCase('en-US');
  // own keys only: a sender's "constructor" must not find Object.prototype's
  return name && Object.hasOwn(config.severities, name)
    ? config.severities[name]
    : config.defaultSeverity;
}

function readSeverity(config: Config, key: string): Severity {
  const value = config.getString(key);
  if (!(SEVERITIES as readonly string[]).includes(value)) {
    throw new Error(
      `incidents.alerts: ${key} must be one of ${SEVERITIES.join(
        ', ',
      )}, not '${value}'`,
    );
  }
  return value as Severity;
}
