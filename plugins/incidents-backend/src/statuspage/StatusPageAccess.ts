import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  Incident,
  incidentUpdatePermission,
  statusPageManagePermission,
} from '@lookout/plugin-incidents-common';
import { parseIncidentId } from '../incidents/incidentIds';
import { IncidentsStore } from '../incidents/IncidentsStore';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';

/**
 * Who may do what on the status page: managers change it; an internal incident's responders
 * (those who may update it) read and publish its communications.
 */
export class StatusPageAccess {
  constructor(
    private readonly options: {
      incidents: Pick<IncidentsStore, 'getIncident'>;
      authorizer: Pick<IncidentsAuthorizer, 'requireBasic' | 'require'>;
    },
  ) {}

  async requireManage(credentials: BackstageCredentials): Promise<void> {
    await this.options.authorizer.requireBasic(
      statusPageManagePermission,
      credentials,
    );
  }

  /** Reading the admin views of an incident's communications: managers, or its responders. */
  async requireManageOrRead(
    credentials: BackstageCredentials,
    incidentId?: string,
  ): Promise<void> {
    if (incidentId) {
      await this.internalIncident(incidentId, credentials);
      return;
    }
    await this.requireManage(credentials);
  }

  /** The internal incident a public one speaks for, if the caller may update it. */
  async internalIncident(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Incident> {
    let seq: number;
    try {
      seq = parseIncidentId(id);
    } catch {
      throw new InputError(
        `incidentId: '${id}' is not an incident id like INC-42`,
      );
    }
    const incident = await this.options.incidents.getIncident(seq);
    if (!incident) throw new NotFoundError(`No incident ${id}`);
    await this.options.authorizer.require(
      incidentUpdatePermission,
      incident,
      credentials,
    );
    return incident;
  }
}
