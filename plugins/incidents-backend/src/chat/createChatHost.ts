import { NotFoundError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { Incident } from '@lookout/plugin-incidents-common';
import {
  IncidentChatHost,
  IncidentChatIntegration,
} from '@lookout/plugin-incidents-node';
import { summarizeBlastRadius } from '../graph/summarizeBlastRadius';
import { parseIncidentId } from '../incidents/incidentIds';
import { IncidentsService } from '../incidents/IncidentsService';
import { ChatCommandAuthorizer } from './ChatCommandAuthorizer';
import { chatActors } from './chatActors';
import { ChatHostDeps } from './chatHostDeps';

/** How many impacted entities' on-call people join a channel besides the origin's. */
const MAX_IMPACTED_OWNERS = 5;

/**
 * Lends the chat integrations that backend modules added (`incidentsChatExtensionPoint`) the
 * change stream, the work queue, and incident commands run for a chat user through their own
 * IncidentsService, whose authorizer is the {@link ChatCommandAuthorizer}.
 */
export async function startChatIntegrations(
  deps: ChatHostDeps & { integrations: IncidentChatIntegration[] },
): Promise<void> {
  if (deps.integrations.length === 0) return;
  const host = createChatHost(deps);
  for (const integration of deps.integrations) {
    await integration.start(host);
  }
}

export function createChatHost(deps: ChatHostDeps): IncidentChatHost {
  const asPlugin = () => deps.auth.getOwnServiceCredentials();
  const authorizer = new ChatCommandAuthorizer(
    deps.permissions,
    deps.permissionsRegistry,
    deps.catalog,
    deps.auth,
  );
  // A chat user has no Backstage token, so whatever the incidents domain reads from the catalog
  // on their behalf (entities a declaration names, a role's user) is read as the plugin.
  const catalog = new Proxy(deps.catalog, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const last = args.length - 1;
        args[last] = {
          ...(args[last] as object),
          credentials: await asPlugin(),
        };
        return value.apply(target, args);
      };
    },
  });
  const blastRadius = async (entityRef: string) =>
    summarizeBlastRadius(
      await deps.graph.blastRadius({ entityRef }, await asPlugin()),
    );
  const incidents = new IncidentsService({
    store: deps.store,
    catalog,
    authorizer,
    logger: deps.logger,
    incidentChanges: deps.incidentChanges,
    blastRadius,
  });
  const actAs = chatActors({
    incidents,
    escalation: deps.escalation.withAccess({
      incidents,
      authorizer,
      catalogHasUser: async userRef =>
        !!(await deps.catalog.getEntityByRef(userRef, {
          credentials: await asPlugin(),
        })),
    }),
    authorizer,
    oncall: deps.oncall,
    asPlugin,
  });

  const load = async (id: string): Promise<Incident> => {
    const incident = await deps.store.getIncident(parseIncidentId(id));
    if (!incident) throw new NotFoundError(`No incident ${id}`);
    return incident;
  };

  return {
    subscribe: (name, listener) =>
      deps.incidentChanges.subscribe(name, listener),
    handle: (kind, handler) =>
      deps.worker.handle(kind, item =>
        handler({
          kind: item.kind,
          key: item.key,
          payload: item.payload,
          attempts: item.attempts,
        }),
      ),
    async enqueue(items) {
      const added = await deps.queue.enqueue(
        items.map(item => ({ ...item, payload: item.payload as JsonObject })),
      );
      if (added > 0) deps.worker.poke();
      return added;
    },
    getIncident: load,
    blastRadius,
    async responders(incident) {
      const people = new Set<string>();
      if (incident.roles.commander) people.add(incident.roles.commander);
      const credentials = await asPlugin();
      const entities = [
        incident.entityRef,
        ...incident.impactedEntityRefs.slice(0, MAX_IMPACTED_OWNERS),
      ];
      for (const entityRef of entities) {
        try {
          const onCall = await deps.oncall.onCall({ entityRef }, credentials);
          onCall.now.forEach(n => n.shift && people.add(n.shift.userRef));
          // whoever the first level pages now, the people who were paged first
          onCall.path[0]?.targets.forEach(t => people.add(t.userRef));
        } catch (error) {
          deps.logger.debug(`No on-call for ${entityRef}: ${error}`);
        }
      }
      // and whoever was paged since: escalated to, or paged by hand
      const paged = await deps.escalation.pages(incident.id, credentials);
      paged.items.forEach(page => people.add(page.userRef));
      return [...people];
    },
    actAs,
    async recordMessage(incidentId, entry) {
      const incident = await load(incidentId);
      const seq = parseIncidentId(incident.id);
      // the chat integration keys its work by message; this guards a retried item
      const timeline = await deps.store.listTimeline(seq);
      if (timeline.some(e => e.data?.messageKey === entry.messageKey)) {
        return false;
      }
      await deps.store.appendEvents(seq, [
        {
          type: 'note',
          actor: entry.actor,
          at: entry.at,
          data: {
            markdown: entry.markdown,
            source: 'chat',
            messageKey: entry.messageKey,
            ...(entry.permalink ? { permalink: entry.permalink } : {}),
          },
        },
      ]);
      await deps.incidentChanges.publish({ type: 'note', incident });
      return true;
    },
  };
}
