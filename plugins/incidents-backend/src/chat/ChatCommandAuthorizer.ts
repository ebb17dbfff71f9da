import {
  AuthService,
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  Incident,
  incidentCreatePermission,
  incidentReadPermission,
} from '@lookout/plugin-incidents-common';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { incidentRules } from '../permissions/rules';
import { IncidentCondition } from '../permissions/conditions';

const CLAIMS_TTL_MS = 60_000;

/**
 * Decides chat commands for the chat user's mapped User entity.
 *
 * Backstage's permission framework cannot evaluate the portal's policy for a user who is not
 * making the request: the permission backend builds the policy's user from that user's token
 * (UserInfoService), and AuthService refuses to make a token on behalf of user credentials that
 * carry none. A chat command carries no Backstage token, so this authorizer applies the incident
 * resource's own permission rules (IS_ENTITY_OWNER, IS_COMMANDER, registered with the framework)
 * to the claims the catalog gives the user: their ref and the groups they are a member of, the
 * claims Backstage's catalog sign-in resolver puts in a token. Reading and declaring are open to
 * every user in the catalog; changing an incident needs ownership of its origin or its
 * commander role. A portal whose policy differs from this keeps its policy for the portal only.
 */
export class ChatCommandAuthorizer extends IncidentsAuthorizer {
  private readonly claimsCache = new Map<
    string,
    { claims: string[]; until: number }
  >();

  constructor(
    permissions: PermissionsService,
    registry: PermissionsRegistryService,
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {
    super(permissions, registry);
  }

  /** The user's ref and their groups, as the catalog has them now (cached for a minute). */
  async claimsOf(userEntityRef: string): Promise<string[]> {
    const cached = this.claimsCache.get(userEntityRef);
    if (cached && cached.until > Date.now()) return cached.claims;
    const user = await this.catalog.getEntityByRef(userEntityRef, {
      credentials: await this.auth.getOwnServiceCredentials(),
    });
    if (!user || user.kind.toLocaleLowerCase('en-US') !== 'user') {
      throw new NotAllowedError(
        `${userEntityRef} is not a User in the catalog, so chat commands cannot run as them`,
      );
    }
    const claims = [
      userEntityRef,
      ...(user.relations ?? [])
        .filter(r => r.type === RELATION_MEMBER_OF)
        .map(r => r.targetRef),
    ].map(c => c.toLocaleLowerCase('en-US'));
    this.claimsCache.set(userEntityRef, {
      claims,
      until: Date.now() + CLAIMS_TTL_MS,
    });
    return claims;
  }

  async requireBasic(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const userRef = userOf(credentials);
    await this.claimsOf(userRef);
    if (permission.name !== incidentCreatePermission.name) {
      throw new NotAllowedError(
        `Not allowed: ${permission.name} is done in the portal, not from chat`,
      );
    }
  }

  async require(
    permission: ResourcePermission<'incident'>,
    incident: Incident,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const userRef = userOf(credentials);
    if (!(await this.allows(permission, incident, credentials))) {
      const owner = incident.ownerRef ?? 'nobody';
      const commander = incident.roles.commander ?? 'nobody';
      throw new NotAllowedError(
        `Not allowed: ${permission.name} on ${incident.id}. From chat an incident is changed by ` +
          `the owners of ${incident.entityRef} (${owner}) and by its commander (${commander}); ` +
          `${userRef} is neither`,
      );
    }
  }

  async allows(
    permission: ResourcePermission<'incident'>,
    incident: Incident,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const claims = await this.claimsOf(userOf(credentials));
    if (permission.name === incidentReadPermission.name) return true;
    return (
      incidentRules.isEntityOwner.apply(incident, { claims }) ||
      incidentRules.isCommander.apply(incident, { claims })
    );
  }

  async readCondition(
    credentials: BackstageCredentials,
  ): Promise<IncidentCondition | undefined> {
    await this.claimsOf(userOf(credentials));
    return undefined;
  }
}

/** The chat user a command runs for; anything else never reaches this authorizer. */
function userOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
  };
  if (principal.type !== 'user' || !principal.userEntityRef) {
    throw new NotAllowedError('Chat commands run only for a mapped user');
  }
  return principal.userEntityRef;
}
