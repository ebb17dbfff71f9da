// Runbooks: written in Lookout, read from a repository through the `lookout.dev/runbooks`
// annotation, or linked from an alert's `runbook_url`. The wire shapes and the checklist rule
// both sides share.

/** Where a runbook lives. */
export const RUNBOOK_SOURCES = ['lookout', 'repository', 'alert'] as const;
export type RunbookSource = (typeof RUNBOOK_SOURCES)[number];

/** A runbook as `GET /runbook-documents` serves it to the search collator. */
export interface RunbookIndexDocument {
  id: string;
  source: RunbookSource;
  title: string;
  markdown: string;
  entityRefs: string[];
  url: string | null;
}

/** The search document type of runbooks in the portal's search. */
export const RUNBOOK_SEARCH_TYPE = 'lookout-runbook';

/** One checklist item (`- [ ] …`) of a runbook, numbered from 0 in document order. */
export interface RunbookStep {
  index: number;
  text: string;
}

/** A runbook as the REST API returns it. */
export interface Runbook {
  /** A uuid for Lookout runbooks; `ext-…` (a hash of the location) for the others. */
  id: string;
  source: RunbookSource;
  title: string;
  /** Null when the runbook could not be read; `error` then says why. */
  markdown: string | null;
  steps: RunbookStep[];
  /** The catalog entities it belongs to, full lowercased refs. */
  entityRefs: string[];
  /** Where a repository or alert runbook is read from; null for Lookout runbooks. */
  url: string | null;
  /** Why a runbook could not be read (missing file, not markdown, not allowed). */
  error?: string;
  /** Lookout runbooks only: optimistic concurrency and authorship. */
  version?: number;
  createdBy?: string;
  updatedBy?: string;
  updatedAt?: string;
}

/** The body of `POST /runbooks`. */
export interface CreateRunbookRequest {
  title: string;
  markdown: string;
  entityRefs: string[];
}

/** The body of `PUT /runbooks/:id`; `version` must be the one the caller read. */
export interface UpdateRunbookRequest {
  version: number;
  title?: string;
  markdown?: string;
  entityRefs?: string[];
}

/** Why a runbook is suggested for an incident. */
export type RunbookSuggestionReason =
  | { type: 'entity'; entityRef: string }
  | { type: 'alert'; alertId: string; summary: string }
  | { type: 'title'; words: string[] };

/** A checklist step on an incident: ticked or not, and by whom, from the timeline. */
export interface IncidentRunbookStep extends RunbookStep {
  checked: boolean;
  /** Who last ticked or unticked it, and when; absent when nobody has. */
  actor?: string;
  at?: string;
}

/** A runbook suggested for an incident, with its checklist as the incident's timeline has it. */
export interface IncidentRunbook {
  runbook: Runbook;
  reasons: RunbookSuggestionReason[];
  steps: IncidentRunbookStep[];
}

/** The body of `POST /incidents/:id/runbook-steps`. */
export interface TickRunbookStepRequest {
  runbookId: string;
  step: number;
  checked: boolean;
}

/** The data of a `runbook_step` timeline event. */
export interface RunbookStepEventData {
  runbookId: string;
  runbookTitle: string;
  step: number;
  text: string;
  checked: boolean;
}

const CHECKLIST_ITEM = /^\s{0,3}(?:[-*+]|\d+[.)])\s+\[( |x|X)\]\s+(.+?)\s*$/;
const FENCE = /^\s{0,3}(```|~~~)/;

/**
 * The checklist steps of a runbook's markdown: task-list items (`- [ ] Drain the node`),
 * whether or not the file ticks them, outside fenced code blocks, numbered in document order.
 */
export function parseRunbookSteps(markdown: string): RunbookStep[] {
  const steps: RunbookStep[] = [];
  let fence: string | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    const opening = FENCE.exec(line);
    if (opening) {
      if (!fence) fence = opening[1];
      else if (opening[1] === fence) fence = undefined;
      continue;
    }
    if (fence) continue;
    const item = CHECKLIST_ITEM.exec(line);
    if (item) steps.push({ index: steps.length, text: item[2] });
  }
  return steps;
}

/** The first level-1 heading of the markdown, if it has one. */
export function runbookHeading(markdown: string): string | undefined {
  let fence = false;
  for (const line of markdown.split(/\r?\n/)) {
    if (FENCE.test(line)) fence = !fence;
    if (fence) continue;
    const heading = /^\s{0,3}#\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) return heading[1];
  }
  return undefined;
}
