import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import {
  ACTION_ITEM_STATUSES,
  POSTMORTEM_STATUSES,
  SEVERITIES,
} from '@lookout/plugin-incidents-common';
import express from 'express';
import { z } from 'zod';
import {
  cursor,
  isoTime,
  listOf,
  pageLimit,
  parse,
  ref,
  version,
} from '../lib/validation';
import { createDomainRouter } from '../lib/routes';
import { PostmortemsService } from './PostmortemsService';

const MAX_BODY = 100_000;
const incidentId = z.string().min(1).max(20);
const tag = z.string().trim().min(1, 'a tag must not be empty').max(64);
const day = z.iso.date();

const listSchema = z.object({
  entityRef: ref.optional(),
  ownerRef: ref.optional(),
  systemRef: ref.optional(),
  severity: listOf(SEVERITIES).optional(),
  status: listOf(POSTMORTEM_STATUSES).optional(),
  tag: tag.optional(),
  incidentId: incidentId.optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  q: z.string().trim().max(200).optional(),
  cursor,
  limit: pageLimit(500),
});

const createSchema = z.object({
  incidentId,
  title: z.string().trim().min(1).max(200).optional(),
});

const updateSchema = z.object({
  version,
  title: z
    .string()
    .trim()
    .min(1, 'title must not be empty')
    .max(200)
    .optional(),
  rootCauseEntityRef: ref.nullable().optional(),
  causeCategory: tag.nullable().optional(),
  tags: z.array(tag).max(30).optional(),
});

const sectionSchema = z.object({ body: z.string().max(MAX_BODY), version });
const transitionSchema = z.object({ to: z.enum(POSTMORTEM_STATUSES) });
const reviewerSchema = z.object({ userRef: ref });
const reviewSchema = z.object({
  decision: z.enum(['approved', 'changes_requested']),
  comment: z.string().max(5000).optional(),
});

const trackerUrl = z.url({ protocol: /^https?$/ }).max(2000);
const itemSchema = z.object({
  title: z.string().trim().min(1, 'title must not be empty').max(300),
  ownerRef: ref,
  dueDate: day.nullable().optional(),
  status: z.enum(ACTION_ITEM_STATUSES).optional(),
  trackerUrl: trackerUrl.nullable().optional(),
});
const itemUpdateSchema = itemSchema.partial().extend({ version });
const itemListSchema = z.object({
  ownerRef: ref,
  overdue: z
    .enum(['true', 'false'])
    .transform(v => v === 'true')
    .optional(),
  open: z
    .enum(['true', 'false'])
    .transform(v => v === 'true')
    .optional(),
});
const documentsSchema = z.object({
  cursor,
  limit: pageLimit(500),
});

/** Postmortems, their sections, reviews and action items; recurrence and related lookups. */
export function createPostmortemsRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  postmortems: PostmortemsService;
}): express.Router {
  const { postmortems } = options;
  const { router, caller, change } = createDomainRouter(options);

  // the fixed paths come before /postmortems/:id
  router.get('/postmortems/action-items', async (req, res) => {
    const query = parse(itemListSchema, req.query);
    res.json({
      items: await postmortems.actionItems.list(query, await caller(req)),
    });
  });

  router.get('/postmortems/related', async (req, res) => {
    const { entityRef } = parse(z.object({ entityRef: ref }), req.query);
    res.json(await postmortems.related.forEntity(entityRef, await caller(req)));
  });

  router.get('/postmortems/recurrence', async (req, res) => {
    const query = parse(z.object({ incidentId }), req.query);
    res.json({
      items: await postmortems.related.recurrence(
        query.incidentId,
        await caller(req),
      ),
    });
  });

  router.get('/postmortems/documents', async (req, res) => {
    const query = parse(documentsSchema, req.query);
    res.json(await postmortems.documents(query, await caller(req)));
  });

  router.get('/postmortems', async (req, res) => {
    const query = parse(listSchema, req.query);
    res.json(await postmortems.list(query, await caller(req)));
  });

  router.post('/postmortems', async (req, res) => {
    const body = parse(createSchema, req.body);
    const created = await change(
      req,
      'postmortem-create',
      { incidentId: body.incidentId },
      credentials => postmortems.create(body, credentials),
    );
    res.status(201).json(created);
  });

  router.get('/postmortems/:id', async (req, res) => {
    res.json(await postmortems.get(req.params.id, await caller(req)));
  });

  router.get('/postmortems/:id/markdown', async (req, res) => {
    const markdown = await postmortems.markdown(
      req.params.id,
      await caller(req),
    );
    res
      .type('text/markdown; charset=utf-8')
      .setHeader(
        'Content-Disposition',
        `attachment; filename="postmortem-${req.params.id}.md"`,
      )
      .send(markdown);
  });

  router.patch('/postmortems/:id', async (req, res) => {
    const body = parse(updateSchema, req.body);
    const { id } = req.params;
    res.json(
      await change(req, 'postmortem-update', { id }, credentials =>
        postmortems.update(id, body, credentials),
      ),
    );
  });

  router.put('/postmortems/:id/sections/:key', async (req, res) => {
    const body = parse(sectionSchema, req.body);
    const { id, key } = req.params;
    res.json(
      await change(req, 'postmortem-section-update', { id, key }, credentials =>
        postmortems.updateSection(id, key, body, credentials),
      ),
    );
  });

  router.post('/postmortems/:id/transition', async (req, res) => {
    const { to } = parse(transitionSchema, req.body);
    const { id } = req.params;
    res.json(
      await change(req, 'postmortem-transition', { id, to }, credentials =>
        postmortems.reviews.transition(id, to, credentials),
      ),
    );
  });

  router.post('/postmortems/:id/reviewers', async (req, res) => {
    const { userRef } = parse(reviewerSchema, req.body);
    const { id } = req.params;
    res.json(
      await change(
        req,
        'postmortem-reviewer-add',
        { id, userRef },
        credentials =>
          postmortems.reviews.addReviewer(id, userRef, credentials),
      ),
    );
  });

  router.delete('/postmortems/:id/reviewers/:userRef', async (req, res) => {
    const { id, userRef } = req.params;
    await change(
      req,
      'postmortem-reviewer-remove',
      { id, userRef },
      credentials =>
        postmortems.reviews.removeReviewer(id, userRef, credentials),
    );
    res.status(204).end();
  });

  router.post('/postmortems/:id/review', async (req, res) => {
    const body = parse(reviewSchema, req.body);
    const { id } = req.params;
    res.json(
      await change(
        req,
        'postmortem-review',
        { id, decision: body.decision },
        credentials => postmortems.reviews.review(id, body, credentials),
      ),
    );
  });

  router.post('/postmortems/:id/action-items', async (req, res) => {
    const body = parse(itemSchema, req.body);
    const { id } = req.params;
    const item = await change(
      req,
      'postmortem-action-item-create',
      { id },
      credentials => postmortems.actionItems.create(id, body, credentials),
    );
    res.status(201).json(item);
  });

  router.patch('/postmortems/:id/action-items/:itemId', async (req, res) => {
    const body = parse(itemUpdateSchema, req.body);
    const { id, itemId } = req.params;
    res.json(
      await change(
        req,
        'postmortem-action-item-update',
        { id, itemId },
        credentials =>
          postmortems.actionItems.update(id, itemId, body, credentials),
      ),
    );
  });

  router.delete('/postmortems/:id/action-items/:itemId', async (req, res) => {
    const { id, itemId } = req.params;
    await change(
      req,
      'postmortem-action-item-delete',
      { id, itemId },
      credentials => postmortems.actionItems.delete(id, itemId, credentials),
    );
    res.status(204).end();
  });

  return router;
}
