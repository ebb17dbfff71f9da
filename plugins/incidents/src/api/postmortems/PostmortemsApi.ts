import { createApiRef } from '@backstage/core-plugin-api';
import {
  ActionItem,
  ActionItemRequest,
  ListPostmortemsQuery,
  Page,
  Postmortem,
  PostmortemMatch,
  PostmortemSection,
  PostmortemStatus,
  PostmortemSummary,
  RelatedPostmortems,
  UpdatePostmortemRequest,
} from '@lookout/plugin-incidents-common';

export type { ActionItemRequest };

/** The frontend's view of the postmortem routes of the incidents backend. */
export interface PostmortemsApi {
  listPostmortems(
    query?: ListPostmortemsQuery,
  ): Promise<Page<PostmortemSummary>>;
  getPostmortem(id: string): Promise<Postmortem>;
  /** Starts one for a resolved incident; 409 when it has one already. */
  createPostmortem(request: {
    incidentId: string;
    title?: string;
  }): Promise<Postmortem>;
  updatePostmortem(
    id: string,
    request: UpdatePostmortemRequest,
  ): Promise<Postmortem>;
  /** 409 names the section when someone else saved it since `version`. */
  updateSection(
    id: string,
    key: string,
    request: { body: string; version: number },
  ): Promise<PostmortemSection>;
  transitionPostmortem(id: string, to: PostmortemStatus): Promise<Postmortem>;
  addReviewer(id: string, userRef: string): Promise<Postmortem>;
  removeReviewer(id: string, userRef: string): Promise<void>;
  review(
    id: string,
    request: { decision: 'approved' | 'changes_requested'; comment?: string },
  ): Promise<Postmortem>;
  createActionItem(id: string, request: ActionItemRequest): Promise<ActionItem>;
  updateActionItem(
    id: string,
    itemId: string,
    request: Partial<ActionItemRequest> & { version: number },
  ): Promise<ActionItem>;
  deleteActionItem(id: string, itemId: string): Promise<void>;
  listActionItems(query: {
    ownerRef: string;
    overdue?: boolean;
    open?: boolean;
  }): Promise<ActionItem[]>;
  getRelated(entityRef: string): Promise<RelatedPostmortems>;
  getRecurrence(incidentId: string): Promise<PostmortemMatch[]>;
  getMarkdown(id: string): Promise<string>;
}

export const postmortemsApiRef = createApiRef<PostmortemsApi>({
  id: 'plugin.incidents.postmortems',
});
