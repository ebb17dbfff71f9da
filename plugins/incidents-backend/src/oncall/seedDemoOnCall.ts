import { LoggerService } from '@backstage/backend-plugin-api';
import { EscalationTarget } from '@lookout/plugin-incidents-common';
import { IANAZone } from 'luxon';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { EscalationPolicyStore } from '../escalation/EscalationPolicyStore';
import { policySchema } from '../escalation/schemas';
import { toKindRef } from '../lib/entityRefs';
import { normalizeLayer } from './normalizeLayer';
import { OnCallStore } from './OnCallStore';
import { scheduleSchema } from './schemas';

const HOUR = 3_600_000;

/** Overrides are placed relative to now so the demo timeline always shows some. */
const demoOverrideSchema = z.object({
  userRef: z.string(),
  replacesUserRef: z.string().optional(),
  startsInHours: z.number(),
  hours: z.number().positive(),
});

const demoFileSchema = z.object({
  schedules: z
    .array(
      scheduleSchema.extend({
        overrides: z.array(demoOverrideSchema).default([]),
      }),
    )
    .default([]),
  // a policy's schedule targets name the schedule (`schedule: Checkout primary`)
  policies: z.array(z.unknown()).default([]),
});

/**
 * Loads demo schedules and escalation policies from a YAML file when the database holds none,
 * so a fresh portal shows who is on call. A second start changes nothing.
 */
export async function seedDemoOnCall(options: {
  file: string;
  schedules: OnCallStore;
  policies: EscalationPolicyStore;
  logger: LoggerService;
  now?: Date;
}): Promise<{ schedules: number; policies: number }> {
  const { schedules: store, policies, logger } = options;
  if (
    (await store.listSchedules({})).length > 0 ||
    (await policies.listPolicies({})).length > 0
  ) {
    return { schedules: 0, policies: 0 };
  }
  const file = path.resolve(options.file);
  const invalid = (message: string) =>
    new Error(`Demo on-call file ${file} is not valid: ${message}`);
  const parsed = demoFileSchema.safeParse(
    parseYaml(await fs.readFile(file, 'utf8')),
  );
  if (!parsed.success) throw invalid(z.prettifyError(parsed.error));

  const now = options.now ?? new Date();
  const scheduleIds = new Map<string, string>();
  for (const demo of parsed.data.schedules) {
    if (!IANAZone.isValidZone(demo.timeZone)) {
      throw invalid(`unknown time zone ${demo.timeZone}`);
    }
    const id = randomUUID();
    scheduleIds.set(demo.name, id);
    await store.createSchedule({
      id,
      name: demo.name,
      ownerRef: toKindRef(demo.ownerRef, 'group', 'ownerRef'),
      timeZone: demo.timeZone,
      layers: demo.layers.map((layer, index) =>
        normalizeLayer(layer, demo.timeZone, `${demo.name} layers[${index}]`),
      ),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: 1,
    });
    for (const o of demo.overrides) {
      const startsAt = now.getTime() + o.startsInHours * HOUR;
      await store.addOverride(id, {
        id: randomUUID(),
        userRef: toKindRef(o.userRef, 'user', 'userRef'),
        ...(o.replacesUserRef
          ? {
              replacesUserRef: toKindRef(
                o.replacesUserRef,
                'user',
                'replacesUserRef',
              ),
            }
          : {}),
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + o.hours * HOUR).toISOString(),
        createdBy: 'user:default/guest',
        createdAt: now.toISOString(),
      });
    }
  }

  for (const raw of parsed.data.policies) {
    const withIds = JSON.parse(JSON.stringify(raw), (_key, value) => {
      if (value && typeof value === 'object' && value.type === 'schedule') {
        const id = scheduleIds.get(value.schedule);
        if (!id)
          throw invalid(`a policy names unknown schedule ${value.schedule}`);
        return { type: 'schedule', scheduleId: id };
      }
      return value;
    });
    const policy = policySchema.safeParse(withIds);
    if (!policy.success) throw invalid(z.prettifyError(policy.error));
    await policies.createPolicy({
      id: randomUUID(),
      name: policy.data.name,
      ownerRef: toKindRef(policy.data.ownerRef, 'group', 'ownerRef'),
      levels: policy.data.levels.map(level => ({
        delayMinutes: level.delayMinutes,
        targets: level.targets.map(normalizeTarget),
      })),
      repeat: policy.data.repeat,
      derived: false,
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
  }
  const counts = {
    schedules: parsed.data.schedules.length,
    policies: parsed.data.policies.length,
  };
  logger.info(
    `Seeded ${counts.schedules} demo schedules and ${counts.policies} escalation policies from ${file}`,
  );
  return counts;
}

/** Demo files may write bare names; stored targets always hold full refs. */
function normalizeTarget(target: EscalationTarget): EscalationTarget {
  if (target.type === 'user') {
    return {
      type: 'user',
      userRef: toKindRef(target.userRef, 'user', 'userRef'),
    };
  }
  if (target.type === 'group_members') {
    return {
      type: 'group_members',
      groupRef: toKindRef(target.groupRef, 'group', 'groupRef'),
    };
  }
  if (target.type === 'schedule') {
    return { type: 'schedule', scheduleId: target.scheduleId };
  }
  return target;
}
