import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, RELATION_HAS_MEMBER } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  ActionItem,
  ActionItemRequest,
} from '@lookout/plugin-incidents-common';
import { randomUUID } from 'node:crypto';
import { normalizeRef } from '../lib/entityRefs';
import { PostmortemServiceDeps } from './postmortemAccess';
import { ActionItemChanges } from './PostmortemsStore';

/** A postmortem's action items, owned by a User or a Group, and who has which left to do. */
export class ActionItemsService {
  constructor(private readonly options: PostmortemServiceDeps) {}

  async create(
    id: string,
    request: ActionItemRequest,
    credentials: BackstageCredentials,
  ): Promise<ActionItem> {
    const { access, store } = this.options;
    await access.requireManage(credentials);
    await access.load(id, credentials);
    const ownerRef = await this.owner(request.ownerRef, credentials);
    return store.createActionItem(id, {
      id: randomUUID(),
      title: request.title,
      ownerRef,
      dueDate: request.dueDate ?? null,
      status: request.status ?? 'open',
      trackerUrl: request.trackerUrl ?? null,
      createdAt: access.now(),
    });
  }

  async update(
    id: string,
    itemId: string,
    request: Partial<ActionItemRequest> & { version: number },
    credentials: BackstageCredentials,
  ): Promise<ActionItem> {
    const { access, store } = this.options;
    await access.requireManage(credentials);
    await access.loadItem(id, itemId, credentials);
    const changes: ActionItemChanges = {
      title: request.title,
      ownerRef:
        request.ownerRef === undefined
          ? undefined
          : await this.owner(request.ownerRef, credentials),
      dueDate: request.dueDate,
      status: request.status,
      trackerUrl: request.trackerUrl,
    };
    const written = await store.updateActionItem(
      itemId,
      request.version,
      changes,
      access.now(),
    );
    if (!written) throw new NotFoundError(`No action item ${itemId}`);
    if (!written.ok) {
      throw new ConflictError(
        `Action item '${written.current.title}' changed since version ${request.version} ` +
          `(now ${written.current.version}); reload it and apply your change again`,
      );
    }
    return written.value;
  }

  async delete(
    id: string,
    itemId: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const { access, store } = this.options;
    await access.requireManage(credentials);
    await access.loadItem(id, itemId, credentials);
    await store.deleteActionItem(itemId);
  }

  /**
   * Action items of a User, or of a Group and its direct members; with `overdue`, only the
   * open ones past their due date.
   */
  async list(
    query: { ownerRef: string; overdue?: boolean; open?: boolean },
    credentials: BackstageCredentials,
  ): Promise<ActionItem[]> {
    const ownerRef = normalizeRef(query.ownerRef, 'ownerRef');
    const condition = await this.options.authorizer.readCondition(credentials);
    const ownerRefs = [ownerRef];
    if (parseEntityRef(ownerRef).kind === 'group') {
      const group = await this.options.catalog.getEntityByRef(ownerRef, {
        credentials,
      });
      ownerRefs.push(
        ...(group?.relations ?? [])
          .filter(r => r.type === RELATION_HAS_MEMBER)
          .map(r => r.targetRef.toLocaleLowerCase('en-US')),
      );
    }
    return this.options.store.listActionItems({
      ownerRefs,
      openOnly: query.overdue || query.open,
      dueBefore: query.overdue
        ? this.options.access.now().slice(0, 10)
        : undefined,
      condition,
      limit: 500,
    });
  }

  private async owner(ref: string, credentials: BackstageCredentials) {
    const ownerRef = normalizeRef(ref, 'ownerRef');
    const kind = parseEntityRef(ownerRef).kind;
    if (kind !== 'user' && kind !== 'group') {
      throw new InputError(
        `ownerRef: an action item is owned by a User or a Group, not ${ownerRef}`,
      );
    }
    await this.options.access.requireInCatalog([ownerRef], credentials);
    return ownerRef;
  }
}
