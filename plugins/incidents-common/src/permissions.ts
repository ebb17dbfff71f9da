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

/**
 * Creating, editing and deleting on-call schedules, their overrides and escalation policies.
 * Reading who is on call needs no permission beyond being signed in.
 */
export const oncallManagePermission = createPermission({
  name: 'incident.oncall.manage',
  attributes: { action: 'update' },
});

/**
 * Writing postmortems: creating one for an incident, editing its sections and details, its
 * reviewers, its status and its action items. Reading a postmortem follows `incident.read` on
 * its incident.
 */
export const postmortemManagePermission = createPermission({
  name: 'incident.postmortem.manage',
  attributes: { action: 'update' },
});

/**
 * Creating, editing and deleting runbooks written in Lookout. Reading a runbook follows the
 * catalog visibility of the entities it is attached to.
 */
export const runbookManagePermission = createPermission({
  name: 'incident.runbook.manage',
  attributes: { action: 'update' },
});

/**
 * Administering the public status page: components and their mapping, publishing public
 * incidents, updates and maintenances, managing subscribers. Publishing from an incident
 * also needs `incident.update` on it.
 */
export const statusPageManagePermission = createPermission({
  name: 'incident.statuspage.manage',
  attributes: { action: 'update' },
});

/**
 * Support agents: linking customer reports to incidents and escalating a report, which
 * declares an incident on the entity it names. An agent needs neither ownership of the entity
 * nor `incident.create`; the report is the reason for the incident.
 */
export const supportAgentPermission = createPermission({
  name: 'incident.support.agent',
  attributes: { action: 'update' },
});
