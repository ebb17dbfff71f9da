import { createApiRef } from '@backstage/core-plugin-api';
import {
  CreateRunbookRequest,
  IncidentRunbook,
  Runbook,
  TickRunbookStepRequest,
  TimelineEvent,
  UpdateRunbookRequest,
} from '@lookout/plugin-incidents-common';

/** The frontend's view of the runbook routes of the incidents backend. */
export interface RunbooksApi {
  /** With an entity, its runbooks of every source; `q` keeps those holding every word. */
  listRunbooks(query: { entityRef?: string; q?: string }): Promise<Runbook[]>;
  getRunbook(id: string): Promise<Runbook>;
  createRunbook(request: CreateRunbookRequest): Promise<Runbook>;
  /** 409 when someone saved it since `version`. */
  updateRunbook(id: string, request: UpdateRunbookRequest): Promise<Runbook>;
  deleteRunbook(id: string): Promise<void>;
  /** The runbooks suggested for an incident, with its checklist. */
  getIncidentRunbooks(incidentId: string): Promise<IncidentRunbook[]>;
  /** Ticks or unticks a step; the answer is the `runbook_step` timeline event. */
  tickStep(
    incidentId: string,
    request: TickRunbookStepRequest,
  ): Promise<TimelineEvent>;
}

export const runbooksApiRef = createApiRef<RunbooksApi>({
  id: 'plugin.incidents.runbooks',
});
