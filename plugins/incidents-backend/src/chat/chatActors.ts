import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { incidentUpdatePermission } from '@lookout/plugin-incidents-common';
import { IncidentChatActor } from '@lookout/plugin-incidents-node';
import { EscalationService } from '../escalation/EscalationService';
import { IncidentsService } from '../incidents/IncidentsService';
import { normalizeRef } from '../lib/entityRefs';
import { OnCallResolver } from '../oncall/OnCallResolver';
import { ChatCommandAuthorizer } from './ChatCommandAuthorizer';

/**
 * Incident commands for chat users: each runs for the mapped user through the chat's own
 * incidents and escalation services, whose authorizer is the {@link ChatCommandAuthorizer}, so
 * a refusal says why and the timeline and pages name the user.
 */
export function chatActors(deps: {
  incidents: IncidentsService;
  escalation: EscalationService;
  authorizer: ChatCommandAuthorizer;
  oncall: OnCallResolver;
  asPlugin: () => Promise<BackstageCredentials>;
}): (userEntityRef: string) => IncidentChatActor {
  const { incidents, escalation, authorizer, oncall, asPlugin } = deps;

  /** Whom paging a team reaches: the people the first level of its policy pages now. */
  const teamOnCall = async (groupRef: string): Promise<string[]> => {
    const answer = await oncall.onCall({ groupRef }, await asPlugin());
    const people = new Set(answer.path[0]?.targets.map(t => t.userRef));
    if (people.size === 0) {
      throw new InputError(
        `${groupRef} has nobody to page now: the first level of its escalation policy ` +
          `(${answer.policy.name}) reaches no one. Page a person instead.`,
      );
    }
    return [...people];
  };

  return userEntityRef => {
    const credentials: BackstageCredentials<BackstageUserPrincipal> = {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef },
    };
    return {
      userEntityRef,
      get: id => incidents.get(id, credentials),
      declare: request => incidents.declare(request, credentials),
      acknowledge: id => incidents.acknowledge(id, credentials),
      transition: (id, request) =>
        incidents.transition(id, request, credentials),
      update: (id, request) => incidents.update(id, request, credentials),
      assignRole: (id, request) =>
        incidents.assignRole(id, request, credentials),
      addNote: (id, markdown) => incidents.addNote(id, markdown, credentials),
      escalate: id => escalation.escalateNow(id, credentials),
      async page(id, targetRef) {
        const ref = normalizeRef(targetRef, 'target');
        const { kind } = parseEntityRef(ref);
        if (kind !== 'user' && kind !== 'group') {
          throw new InputError(
            `Pages go to a person (user:…) or a team (group:…), not ${ref}`,
          );
        }
        // refused before anything about the team's on-call is read
        const incident = await incidents.get(id, credentials);
        await authorizer.require(
          incidentUpdatePermission,
          incident,
          credentials,
        );
        const people = kind === 'user' ? [ref] : await teamOnCall(ref);
        const pages = [];
        for (const person of people) {
          pages.push(await escalation.reassign(id, person, credentials));
        }
        return pages;
      },
    };
  };
}
