import {
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** The permission resource type of an incident; resource refs are incident ids (`INC-42`). */
export const RESOURCE_TYPE_INCIDENT = 'incident';

/** Declaring an incident; there is no incident yet, so it is not a resource permission. */
export const incidentCreatePermission = createPermission({
  name: 'incident.create',
  attributes: { action: 'create' },
});

export const incidentReadPermission: ResourcePermission<'incident'> =
  createPermission({
    name: 'incident.read',
    attributes: { action: 'read' },
    resourceType: RESOURCE_TYPE_INCIDENT,
  });

/** Acknowledging, editing, assigning roles, noting, moving status short of resolution. */
export const incidentUpdatePermission: ResourcePermission<'incident'> =
  createPermission({
    name: 'incident.update',
    attributes: { action: 'update' },
    resourceType: RESOURCE_TYPE_INCIDENT,
  });

/** Resolving, closing, declining or merging: the moves that end an incident. */
export const incidentResolvePermission: ResourcePermission<'incident'> =
  createPermission({
    name: 'incident.resolve',
    attributes: { action: 'update' },
    resourceType: RESOURCE_TYPE_INCIDENT,
  });

export const incidentDeletePermission: ResourcePermission<'incident'> =
  createPermission({
    name: 'incident.delete',
    attributes: { action: 'delete' },
    resourceType: RESOURCE_TYPE_INCIDENT,
  });

export const incidentPermissions = [
  incidentCreatePermission,
  incidentReadPermission,
  incidentUpdatePermission,
  incidentResolvePermission,
  incidentDeletePermission,
];
