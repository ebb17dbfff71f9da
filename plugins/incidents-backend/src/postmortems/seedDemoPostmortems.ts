import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ACTION_ITEM_STATUSES,
  PostmortemTemplateSection,
  REVIEW_DECISIONS,
} from '@lookout/plugin-incidents-common';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseIncidentId } from '../incidents/incidentIds';
import { normalizeRef } from '../lib/entityRefs';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { normalizeTag } from './searchTerms';
import { PostmortemsStore } from './PostmortemsStore';

const DAY = 86_400_000;

const demoPostmortemSchema = z.object({
  /** The exact title of a resolved or closed demo incident. */
  incident: z.string().min(1),
  title: z.string().min(1).max(200).optional(),
  rootCauseEntityRef: z.string().optional(),
  causeCategory: z.string().optional(),
  tags: z.array(z.string()).default([]),
  /** Section bodies by template key. */
  sections: z.record(z.string(), z.string()).default({}),
  reviewers: z
    .array(
      z.object({
        userRef: z.string(),
        decision: z.enum(REVIEW_DECISIONS).default('approved'),
        comment: z.string().default(''),
      }),
    )
    .default([]),
  actionItems: z
    .array(
      z.object({
        title: z.string().min(1).max(300),
        ownerRef: z.string(),
        /** Days from the moment of loading; negative ones are already overdue. */
        dueInDays: z.number().optional(),
        status: z.enum(ACTION_ITEM_STATUSES).default('open'),
        trackerUrl: z.url().optional(),
      }),
    )
    .default([]),
});

const demoFileSchema = z.object({ postmortems: z.array(demoPostmortemSchema) });

/**
 * Loads published demo postmortems for demo incidents (matched by title) when no postmortem
 * exists yet, so a fresh portal shows real content. A second start changes nothing.
 */
export async function seedDemoPostmortems(options: {
  file: string;
  store: PostmortemsStore;
  incidents: IncidentsStore;
  template: PostmortemTemplateSection[];
  logger: LoggerService;
  now?: Date;
}): Promise<number> {
  const { store, incidents, logger, template } = options;
  if ((await store.countPostmortems()) > 0) return 0;
  const file = path.resolve(options.file);
  const parsed = demoFileSchema.safeParse(
    parseYaml(await fs.readFile(file, 'utf8')),
  );
  if (!parsed.success) {
    throw new Error(
      `Demo postmortems ${file} are not valid: ${z.prettifyError(
        parsed.error,
      )}`,
    );
  }
  const now = options.now ?? new Date();
  let seeded = 0;
  for (const demo of parsed.data.postmortems) {
    const { items } = await incidents.listIncidents({
      text: demo.incident,
      status: ['resolved', 'closed'],
      limit: 10,
    });
    const incident = items.find(i => i.title === demo.incident);
    if (!incident) {
      logger.warn(
        `Demo postmortem skipped: no resolved incident titled '${demo.incident}'`,
      );
      continue;
    }
    const publishedAt = new Date(
      Date.parse(incident.resolvedAt ?? incident.declaredAt) + 2 * DAY,
    );
    const id = randomUUID();
    const created = await store.createPostmortem({
      id,
      incidentSeq: parseIncidentId(incident.id),
      title: demo.title ?? `Postmortem: ${incident.title}`,
      entityRef: incident.entityRef,
      ownerRef: incident.ownerRef,
      severity: incident.severity,
      createdBy: incident.roles.commander ?? incident.createdBy,
      incidentDeclaredAt: incident.declaredAt,
      createdAt: incident.resolvedAt ?? incident.declaredAt,
      status: 'published',
      publishedAt: (publishedAt < now ? publishedAt : now).toISOString(),
      rootCauseEntityRef: demo.rootCauseEntityRef
        ? normalizeRef(demo.rootCauseEntityRef, 'rootCauseEntityRef')
        : null,
      causeCategory: demo.causeCategory
        ? normalizeTag(demo.causeCategory)
        : null,
      tags: demo.tags.map(normalizeTag),
      sections: template.map(section => ({
        key: section.key,
        title: section.title,
        prompt: section.prompt ?? '',
        body: demo.sections[section.key] ?? '',
      })),
    });
    if (!created) continue;
    for (const reviewer of demo.reviewers) {
      const userRef = normalizeRef(reviewer.userRef, 'userRef');
      await store.addReviewer(id, userRef);
      await store.recordDecision(
        id,
        userRef,
        reviewer.decision,
        reviewer.comment,
        created.publishedAt ?? now.toISOString(),
      );
    }
    for (const item of demo.actionItems) {
      await store.createActionItem(id, {
        id: randomUUID(),
        title: item.title,
        ownerRef: normalizeRef(item.ownerRef, 'ownerRef'),
        dueDate:
          item.dueInDays === undefined
            ? null
            : new Date(now.getTime() + item.dueInDays * DAY)
                .toISOString()
                .slice(0, 10),
        status: item.status,
        trackerUrl: item.trackerUrl ?? null,
        createdAt: created.createdAt,
      });
    }
    seeded++;
  }
  logger.info(`Seeded ${seeded} demo postmortems from ${file}`);
  return seeded;
}
