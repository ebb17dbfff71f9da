import {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  Incident,
  incidentCreatePermission,
  incidentReadPermission,
} from '@lookout/plugin-incidents-common';
import { IncidentCondition, IncidentQuery } from './conditions';
import { incidentPermissionResourceRef } from './rules';

/**
 * Every permission decision of the plugin. Conditional decisions are evaluated here, against
 * the incident in hand or as SQL for lists, so no decision costs a second round trip.
 */
export class IncidentsAuthorizer {
  private readonly authorizeConditions: (
    decision: Parameters<ReturnType<typeof createConditionAuthorizer>>[0],
    resource: Incident | undefined,
  ) => boolean;
  private readonly toQuery: ReturnType<
    typeof createConditionTransformer<IncidentQuery>
  >;

  constructor(
    private readonly permissions: PermissionsService,
    registry: PermissionsRegistryService,
  ) {
    const ruleset = registry.getPermissionRuleset(
      incidentPermissionResourceRef,
    );
    this.authorizeConditions = createConditionAuthorizer(ruleset);
    this.toQuery = createConditionTransformer(ruleset);
  }

  async requireBasic(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
  }

  async requireCreate(credentials: BackstageCredentials): Promise<void> {
    await this.requireBasic(incidentCreatePermission, credentials);
  }

  /** Throws NotAllowedError unless the caller may do `permission` to this incident. */
  async require(
    permission: ResourcePermission<'incident'>,
    incident: Incident,
    credentials: BackstageCredentials,
  ): Promise<void> {
    if (!(await this.allows(permission, incident, credentials))) {
      throw new NotAllowedError(
        `Not allowed: ${permission.name} on ${incident.id}`,
      );
    }
  }

  async allows(
    permission: ResourcePermission<'incident'>,
    incident: Incident,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    return this.authorizeConditions(decision, incident);
  }

  /**
   * The condition a list must apply for `incident.read`: undefined when everything is
   * readable; throws when nothing is.
   */
  async readCondition(
    credentials: BackstageCredentials,
  ): Promise<IncidentCondition | undefined> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: incidentReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(`Not allowed: ${incidentReadPermission.name}`);
    }
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      return this.toQuery(decision.conditions);
    }
    return undefined;
  }
}
