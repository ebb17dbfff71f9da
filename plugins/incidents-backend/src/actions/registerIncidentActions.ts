import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { SEVERITIES } from '@lookout/plugin-incidents-common';
import { IncidentsService } from '../incidents/IncidentsService';
import { entityRefInput, incidentIdInput } from './inputs';

/**
 * What AI agents may do through Backstage's actions registry (and so the MCP actions
 * backend). Each action runs with the agent's own credentials and permissions.
 */
export function registerIncidentActions(
  actionsRegistry: ActionsRegistryService,
  incidents: IncidentsService,
) {
  actionsRegistry.register({
    name: 'declare-incident',
    title: 'Declare an incident',
    description:
      'Opens a new incident on a catalog entity. Severity SEV1 is the worst (full outage), ' +
      'SEV4 the least. The incident starts in triage.',
    schema: {
      input: z =>
        z.object({
          title: z.string().min(1).max(200).describe('What is broken'),
          severity: z.enum(SEVERITIES).describe('SEV1 (worst) to SEV4'),
          entityRef: z
            .string()
            .describe(
              'Where it started, e.g. component:default/checkout-service',
            ),
          description: z.string().max(20000).optional(),
          impactedEntityRefs: z.array(z.string()).max(100).optional(),
        }),
      output: z => z.object({ incident: z.record(z.string(), z.unknown()) }),
    },
    action: async ({ input, credentials }) => ({
      output: {
        incident: { ...(await incidents.declare(input, credentials)) },
      },
    }),
  });

  actionsRegistry.register({
    name: 'get-incident',
    title: 'Get an incident',
    description: 'Reads one incident and its timeline by id, e.g. INC-42.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object({ id: incidentIdInput(z) }),
      output: z =>
        z.object({
          incident: z.record(z.string(), z.unknown()),
          timeline: z.array(z.record(z.string(), z.unknown())),
        }),
    },
    action: async ({ input, credentials }) => ({
      output: {
        incident: { ...(await incidents.get(input.id, credentials)) },
        timeline: (await incidents.timeline(input.id, credentials)).map(e => ({
          ...e,
        })),
      },
    }),
  });

  actionsRegistry.register({
    name: 'list-entity-incidents',
    title: "List an entity's incidents",
    description:
      'Lists incidents that started on or impacted a catalog entity, newest first.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          openOnly: z
            .boolean()
            .optional()
            .describe('Only incidents still open'),
          limit: z.number().int().min(1).max(100).optional(),
        }),
      output: z =>
        z.object({ incidents: z.array(z.record(z.string(), z.unknown())) }),
    },
    action: async ({ input, credentials }) => {
      const page = await incidents.list(
        {
          entityRef: input.entityRef,
          status: input.openOnly
            ? ['triage', 'investigating', 'identified', 'monitoring']
            : undefined,
          limit: input.limit ?? 20,
        },
        credentials,
      );
      return { output: { incidents: page.items.map(i => ({ ...i })) } };
    },
  });

  actionsRegistry.register({
    name: 'add-incident-note',
    title: 'Add a note to an incident',
    description: "Appends a markdown note to an incident's timeline.",
    schema: {
      input: z =>
        z.object({
          id: incidentIdInput(z),
          markdown: z.string().min(1).max(20000),
        }),
      output: z => z.object({ event: z.record(z.string(), z.unknown()) }),
    },
    action: async ({ input, credentials }) => ({
      output: {
        event: {
          ...(await incidents.addNote(input.id, input.markdown, credentials)),
        },
      },
    }),
  });
}
