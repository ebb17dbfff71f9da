import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import { impactPaths } from '@lookout/plugin-incidents-common';
import { GraphService } from '../graph/GraphService';
import { OnCallResolver } from '../oncall/OnCallResolver';
import { RunbooksService } from '../runbooks/RunbooksService';
import { TriageService } from '../triage/TriageService';
import { entityRefInput, groupRefInput, incidentIdInput } from './inputs';

/**
 * Triage for AI agents through Backstage's actions registry (and so the MCP actions backend):
 * an incident's triage, the blast radius of an entity, who is on call and which runbooks
 * apply. Each action runs with the agent's own credentials and permissions.
 */
export function registerTriageActions(
  actionsRegistry: ActionsRegistryService,
  services: {
    triage: Pick<TriageService, 'get' | 'refresh'>;
    graph: Pick<GraphService, 'blastRadius'>;
    oncall: Pick<OnCallResolver, 'onCall'>;
    runbooks: Pick<RunbooksService, 'forEntity' | 'forIncident'>;
  },
) {
  const { triage, graph, oncall, runbooks } = services;

  actionsRegistry.register({
    name: 'get-incident-triage',
    title: "Get an incident's triage",
    description:
      'The triage assistant’s suggestions for an incident (e.g. INC-42): a suggested severity, ' +
      'probable causes ranked by score, similar past incidents with how they were resolved, ' +
      'runbooks and responders to page, a draft status update and a timeline summary. Every ' +
      'score has its reasons. With refresh, it is computed again first (needs incident.update).',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          id: incidentIdInput(z),
          refresh: z
            .boolean()
            .optional()
            .describe('Compute again from the latest alerts and changes'),
        }),
      output: z => z.object({ triage: z.record(z.string(), z.unknown()) }),
    },
    action: async ({ input, credentials }) => ({
      output: {
        triage: {
          ...(input.refresh
            ? await triage.refresh(input.id, credentials)
            : await triage.get(input.id, credentials)),
        },
      },
    }),
  });

  actionsRegistry.register({
    name: 'get-blast-radius',
    title: 'Get the blast radius of an entity',
    description:
      'What an incident on a catalog entity hurts (downstream: dependents, API consumers, ' +
      'systems, domains and owners), or what it depends on (upstream: probable-cause ' +
      'candidates). Each entity comes with its distance and one shortest path.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          direction: z.enum(['downstream', 'upstream']).optional(),
          maxDepth: z.number().int().min(1).max(20).optional(),
          limit: z.number().int().min(1).max(1000).optional(),
        }),
      output: z => z.object({ blastRadius: z.record(z.string(), z.unknown()) }),
    },
    action: async ({ input, credentials }) => {
      const { through, ...radius } = await graph.blastRadius(
        { limit: 200, ...input },
        credentials,
      );
      // an agent reads each entity's whole path; the answer's `via` hops are rebuilt into it
      const paths = impactPaths({ impacted: radius.impacted, through });
      return {
        output: {
          blastRadius: {
            ...radius,
            impacted: radius.impacted.map(({ via: _via, ...entity }, i) => ({
              ...entity,
              path: paths[i],
            })),
          },
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-oncall',
    title: 'Who is on call',
    description:
      'Who is on call now and next for a catalog entity (its owning group) or a group, and ' +
      'the escalation path with the people each level would page right now.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z).optional(),
          groupRef: groupRefInput(z).optional(),
        }),
      output: z => z.object({ oncall: z.record(z.string(), z.unknown()) }),
    },
    action: async ({ input, credentials }) => {
      let target: { entityRef: string } | { groupRef: string };
      if (input.entityRef) {
        target = { entityRef: input.entityRef };
      } else if (input.groupRef) {
        target = { groupRef: input.groupRef };
      } else {
        throw new InputError('Give an entityRef or a groupRef');
      }
      return {
        output: { oncall: { ...(await oncall.onCall(target, credentials)) } },
      };
    },
  });

  actionsRegistry.register({
    name: 'find-runbooks',
    title: 'Find runbooks',
    description:
      'The runbooks of a catalog entity, or those suggested for an incident (its origin’s, ' +
      'those its alerts link, and those matching its title), with their checklists.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z).optional(),
          incidentId: z.string().optional().describe('e.g. INC-42'),
        }),
      output: z =>
        z.object({ runbooks: z.array(z.record(z.string(), z.unknown())) }),
    },
    action: async ({ input, credentials }) => {
      if (input.incidentId) {
        const found = await runbooks.forIncident(input.incidentId, credentials);
        return { output: { runbooks: found.map(r => ({ ...r })) } };
      }
      if (input.entityRef) {
        const found = await runbooks.forEntity(input.entityRef, credentials);
        return { output: { runbooks: found.map(r => ({ ...r })) } };
      }
      throw new InputError('Give an entityRef or an incidentId');
    },
  });
}
