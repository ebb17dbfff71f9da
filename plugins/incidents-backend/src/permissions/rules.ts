import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  Incident,
  RESOURCE_TYPE_INCIDENT,
} from '@lookout/plugin-incidents-common';
import { z } from 'zod';
import { IncidentQuery } from './conditions';

export const incidentPermissionResourceRef = createPermissionResourceRef<
  Incident,
  IncidentQuery
>().with({ pluginId: 'incidents', resourceType: RESOURCE_TYPE_INCIDENT });

const claimsSchema = z.object({
  claims: z
    .array(z.string())
    .describe('Entity refs of the user and the groups they belong to'),
});

const lower = (values: string[]) =>
  values.map(v => v.toLocaleLowerCase('en-US'));

/** The caller owns the incident's origin entity (through a team they are in, or directly). */
export const isEntityOwner = createPermissionRule({
  name: 'IS_ENTITY_OWNER',
  description: "Allow when the user owns the incident's origin entity",
  resourceRef: incidentPermissionResourceRef,
  paramsSchema: claimsSchema,
  apply: (incident, { claims }) =>
    incident.ownerRef !== null && lower(claims).includes(incident.ownerRef),
  toQuery: ({ claims }) => ({ property: 'owner_ref', values: claims }),
});

/** The caller is the incident's commander. */
export const isCommander = createPermissionRule({
  name: 'IS_COMMANDER',
  description: 'Allow when the user is the incident commander',
  resourceRef: incidentPermissionResourceRef,
  paramsSchema: claimsSchema,
  apply: (incident, { claims }) =>
    incident.roles.commander !== undefined &&
    lower(claims).includes(incident.roles.commander),
  toQuery: ({ claims }) => ({ property: 'commander_ref', values: claims }),
});

/** The incident started on one of the given entities. */
export const hasOrigin = createPermissionRule({
  name: 'HAS_ORIGIN',
  description: 'Allow when the incident started on one of the given entities',
  resourceRef: incidentPermissionResourceRef,
  paramsSchema: z.object({
    entityRefs: z.array(z.string()).describe('Full entity refs'),
  }),
  apply: (incident, { entityRefs }) =>
    lower(entityRefs).includes(incident.entityRef),
  toQuery: ({ entityRefs }) => ({ property: 'entity_ref', values: entityRefs }),
});

export const incidentRules = { isEntityOwner, isCommander, hasOrigin };

/**
 * For permission policies, for example
 * `createIncidentConditionalDecision(permission, incidentConditions.isCommander({ claims }))`.
 */
export const {
  conditions: incidentConditions,
  createConditionalDecision: createIncidentConditionalDecision,
} = createConditionExports({
  resourceRef: incidentPermissionResourceRef,
  rules: incidentRules,
});
