import { createApiRef } from '@backstage/core-plugin-api';
import {
  ImportPlan,
  ImportRequest,
  ImportVendor,
} from '@lookout/plugin-incidents-common';

/** The frontend's view of `POST /api/incidents/import/{vendor}/plan` and `/apply`. */
export interface ImportApi {
  /** A dry run: what every vendor object becomes, and the proof of fidelity. Writes nothing. */
  plan(vendor: ImportVendor, request: ImportRequest): Promise<ImportPlan>;
  /** Writes what the plan says, and measures the stored schedules again. */
  apply(vendor: ImportVendor, request: ImportRequest): Promise<ImportPlan>;
}

export const importApiRef = createApiRef<ImportApi>({
  id: 'plugin.incidents.import',
});
