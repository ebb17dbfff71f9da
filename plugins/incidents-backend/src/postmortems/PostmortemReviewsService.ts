import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  Postmortem,
  PostmortemStatus,
  ReviewDecision,
} from '@lookout/plugin-incidents-common';
import { actorRef } from '../incidents/actors';
import { normalizeRef } from '../lib/entityRefs';
import { PostmortemAccess } from './postmortemAccess';
import { PostmortemsStore } from './PostmortemsStore';

/** The moves between postmortem statuses; publishing also needs every reviewer's approval. */
const TRANSITIONS: Record<PostmortemStatus, PostmortemStatus[]> = {
  draft: ['in_review', 'published'],
  in_review: ['draft', 'published'],
  published: ['draft'],
};

/** Reviewers, their decisions, and the moves from draft through review to published. */
export class PostmortemReviewsService {
  constructor(
    private readonly store: PostmortemsStore,
    private readonly access: PostmortemAccess,
  ) {}

  /** Moves between draft, in review and published; publishing needs every reviewer's approval. */
  async transition(
    id: string,
    to: PostmortemStatus,
    credentials: BackstageCredentials,
  ): Promise<Postmortem> {
    await this.access.requireManage(credentials);
    const { postmortem } = await this.access.load(id, credentials);
    if (postmortem.status === to) return this.access.withTimeline(postmortem);
    const allowed = TRANSITIONS[postmortem.status];
    if (!allowed.includes(to)) {
      throw new ConflictError(
        `A ${
          postmortem.status
        } postmortem cannot move to ${to}; it can move to ${allowed.join(
          ' or ',
        )}`,
      );
    }
    if (to === 'published') {
      const waiting = postmortem.reviewers.filter(
        r => r.decision !== 'approved',
      );
      if (waiting.length > 0) {
        throw new ConflictError(
          `Not every reviewer has approved: ${waiting
            .map(r => `${r.userRef} (${r.decision.replace('_', ' ')})`)
            .join(', ')}`,
        );
      }
    }
    if (to === 'in_review') await this.store.resetReviews(id);
    const written = await this.store.updateDetails(
      id,
      undefined,
      {
        status: to,
        publishedAt: to === 'published' ? this.access.now() : null,
      },
      this.access.now(),
    );
    if (!written?.ok) throw new NotFoundError(`No postmortem ${id}`);
    return this.access.withTimeline(written.value);
  }

  async addReviewer(
    id: string,
    userRef: string,
    credentials: BackstageCredentials,
  ): Promise<Postmortem> {
    await this.access.requireManage(credentials);
    await this.access.load(id, credentials);
    const ref = normalizeRef(userRef, 'userRef');
    if (parseEntityRef(ref).kind !== 'user') {
      throw new InputError(`userRef: a reviewer is a User entity, not ${ref}`);
    }
    await this.access.requireInCatalog([ref], credentials);
    await this.store.addReviewer(id, ref);
    return this.get(id, credentials);
  }

  async removeReviewer(
    id: string,
    userRef: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.access.requireManage(credentials);
    await this.access.load(id, credentials);
    if (
      !(await this.store.removeReviewer(id, normalizeRef(userRef, 'userRef')))
    ) {
      throw new NotFoundError(
        `${userRef} is not a reviewer of this postmortem`,
      );
    }
  }

  /** A reviewer's own decision; nobody can approve on someone else's behalf. */
  async review(
    id: string,
    request: { decision: Exclude<ReviewDecision, 'pending'>; comment?: string },
    credentials: BackstageCredentials,
  ): Promise<Postmortem> {
    const { postmortem } = await this.access.load(id, credentials);
    const me = actorRef(credentials);
    if (!postmortem.reviewers.some(r => r.userRef === me)) {
      throw new ConflictError(
        `${me} is not a reviewer of this postmortem; ask its author to add you`,
      );
    }
    if (postmortem.status !== 'in_review') {
      throw new ConflictError(
        `This postmortem is ${postmortem.status}; reviews are given while it is in review`,
      );
    }
    await this.store.recordDecision(
      id,
      me,
      request.decision,
      request.comment ?? '',
      this.access.now(),
    );
    return this.get(id, credentials);
  }

  /** The postmortem as it reads after the change, with its timeline. */
  private async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Postmortem> {
    const { postmortem } = await this.access.load(id, credentials);
    return this.access.withTimeline(postmortem);
  }
}
