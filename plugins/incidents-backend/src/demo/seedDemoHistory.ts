import { LoggerService } from '@backstage/backend-plugin-api';
import {
  INCIDENT_STATUSES,
  IncidentStatus,
  SEVERITIES,
} from '@lookout/plugin-incidents-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { normalizeRef } from '../lib/entityRefs';
import { IncidentsStore, NewTimelineEvent } from '../incidents/IncidentsStore';

const MINUTE = 60_000;

/** The statuses a demo incident passed through to reach its final one. */
const DEMO_PATHS: Record<IncidentStatus, IncidentStatus[]> = {
  triage: [],
  investigating: ['investigating'],
  identified: ['investigating', 'identified'],
  monitoring: ['investigating', 'monitoring'],
  resolved: ['investigating', 'resolved'],
  closed: ['investigating', 'resolved', 'closed'],
  declined: ['declined'],
  merged: [],
};

/** One past incident, placed relative to now so the demo never looks stale. */
const demoIncidentSchema = z.object({
  title: z.string().min(1).max(200),
  description: z.string().default(''),
  entityRef: z.string(),
  impactedEntityRefs: z.array(z.string()).default([]),
  severity: z.enum(SEVERITIES),
  status: z.enum(INCIDENT_STATUSES),
  ownerRef: z.string().optional(),
  commander: z.string().default('user:default/guest'),
  hoursAgo: z.number().nonnegative(),
  minutesToAcknowledge: z.number().nonnegative().optional(),
  minutesToResolve: z.number().nonnegative().optional(),
});

const demoFileSchema = z.object({ incidents: z.array(demoIncidentSchema) });

/**
 * Loads a demo incident history from a YAML file when the database holds no incidents yet,
 * so a fresh portal shows MTTA, MTTR and past incidents. A second start changes nothing.
 */
export async function seedDemoHistory(options: {
  file: string;
  store: IncidentsStore;
  logger: LoggerService;
  now?: Date;
}): Promise<number> {
  const { store, logger } = options;
  if ((await store.countIncidents()) > 0) {
    return 0;
  }
  const file = path.resolve(options.file);
  const parsed = demoFileSchema.safeParse(
    parseYaml(await fs.readFile(file, 'utf8')),
  );
  if (!parsed.success) {
    throw new Error(
      `Demo history ${file} is not valid: ${z.prettifyError(parsed.error)}`,
    );
  }

  const now = (options.now ?? new Date()).getTime();
  // Oldest first, so human ids grow with time as they would have.
  const incidents = [...parsed.data.incidents].sort(
    (a, b) => b.hoursAgo - a.hoursAgo,
  );
  for (const demo of incidents) {
    const declared = now - demo.hoursAgo * 60 * MINUTE;
    const at = (minutes?: number) =>
      minutes === undefined
        ? null
        : new Date(declared + minutes * MINUTE).toISOString();
    const declaredAt = new Date(declared).toISOString();
    const acknowledgedAt = at(demo.minutesToAcknowledge);
    const resolvedAt = at(demo.minutesToResolve);
    const entityRef = normalizeRef(demo.entityRef, 'entityRef');
    const impactedEntityRefs = demo.impactedEntityRefs.map(ref =>
      normalizeRef(ref, 'impactedEntityRefs'),
    );

    const actor = demo.commander;
    const events: NewTimelineEvent[] = [
      {
        type: 'declared',
        actor,
        at: declaredAt,
        status: 'triage',
        data: {
          title: demo.title,
          severity: demo.severity,
          entityRef,
          impactedEntityRefs,
        },
      },
    ];
    const moveTo = (status: IncidentStatus, when: string, from: string) =>
      events.push({
        type: 'status_changed',
        actor,
        at: when,
        status,
        data: { from, to: status },
      });
    if (acknowledgedAt) {
      events.push({ type: 'acknowledged', actor, at: acknowledgedAt });
    }
    // a believable path through the status machine up to the file's status
    const steps = DEMO_PATHS[demo.status];
    steps.forEach((status, index) => {
      const when =
        status === 'resolved' || status === 'closed'
          ? resolvedAt
          : acknowledgedAt;
      moveTo(
        status,
        when ?? declaredAt,
        index === 0 ? 'triage' : steps[index - 1],
      );
    });

    await store.createIncident(
      {
        title: demo.title,
        description: demo.description,
        severity: demo.severity,
        status: demo.status,
        entityRef,
        impactedEntityRefs,
        ownerRef: demo.ownerRef
          ? normalizeRef(demo.ownerRef, 'ownerRef')
          : null,
        roles: { commander: actor },
        source: 'manual',
        createdBy: actor,
        declaredAt,
      },
      events,
    );
  }
  logger.info(`Seeded ${incidents.length} demo incidents from ${file}`);
  return incidents.length;
}
