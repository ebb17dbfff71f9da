import {
  BlastRadiusSummary,
  SEVERITIES,
} from '@lookout/plugin-incidents-common';

export const DECLARE_CALLBACK_ID = 'lookout_declare';
/** The entity picker's block and action, as suggestions and selections carry them back. */
export const ENTITY_BLOCK = 'entity';
export const ENTITY_ACTION = 'value';
/** Slack's cap on an option's text and value. */
export const OPTION_MAX = 75;

/** What the form shows once an entity is picked. */
export interface DeclarePreview {
  entity: { ref: string; label: string };
  /** The blast radius, or why it could not be computed. */
  radius: BlastRadiusSummary | { problem: string };
}

/**
 * The declare form `/lookout declare` opens (views.open): a catalog entity picker whose options
 * Slack loads as the user types (`block_suggestion`), and, once an entity is picked, the blast
 * radius it would have (views.update). Its submission declares as the user. Every input keeps
 * its block and action ids from one version of the form to the next, so Slack keeps what the
 * user typed when the preview replaces the form.
 */
export function declareModal(
  channelId: string,
  preview?: DeclarePreview,
): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: DECLARE_CALLBACK_ID,
    private_metadata: channelId,
    title: { type: 'plain_text', text: 'Declare an incident' },
    submit: { type: 'plain_text', text: 'Declare' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'title',
        label: { type: 'plain_text', text: 'Title' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          max_length: 200,
        },
      },
      {
        type: 'input',
        block_id: ENTITY_BLOCK,
        // a pick sends block_actions, which brings the blast radius preview
        dispatch_action: true,
        label: { type: 'plain_text', text: 'Where it started' },
        hint: {
          type: 'plain_text',
          text: 'Type part of a catalog entity’s name (a service, a resource, an API, a system).',
        },
        element: {
          type: 'external_select',
          action_id: ENTITY_ACTION,
          placeholder: { type: 'plain_text', text: 'checkout…' },
          min_query_length: 2,
          ...(preview ? { initial_option: option(preview.entity) } : {}),
        },
      },
      ...(preview ? [previewBlock(preview)] : []),
      {
        type: 'input',
        block_id: 'severity',
        label: { type: 'plain_text', text: 'Severity' },
        element: {
          type: 'static_select',
          action_id: 'value',
          initial_option: option({ ref: 'SEV3', label: 'SEV3' }),
          options: SEVERITIES.map(s => option({ ref: s, label: s })),
        },
      },
      {
        type: 'input',
        block_id: 'description',
        optional: true,
        label: { type: 'plain_text', text: 'What is happening' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          multiline: true,
        },
      },
    ],
  };
}

export function option(entry: { ref: string; label: string }) {
  return {
    text: { type: 'plain_text', text: entry.label.slice(0, OPTION_MAX) },
    value: entry.ref,
  };
}

const LISTED = 5;

function listed(refs: string[]): string {
  const shown = refs.slice(0, LISTED).map(r => `\`${r}\``);
  return refs.length > LISTED
    ? `${shown.join(', ')} and ${refs.length - LISTED} more`
    : shown.join(', ');
}

/** How many entities and which teams an incident at the picked entity would hurt. */
function previewBlock(preview: DeclarePreview): Record<string, unknown> {
  const { radius } = preview;
  let text: string;
  if ('problem' in radius) {
    text = `*Blast radius*: not known (${radius.problem}). It is computed again when you declare.`;
  } else if (radius.total === 0) {
    text = `*Blast radius*: nothing else depends on \`${
      radius.entityRef
    }\`. Teams to inform: ${listed(radius.owners) || '_none in the catalog_'}.`;
  } else {
    const entities = `${radius.total}${radius.cutoff ? '+' : ''} ${
      radius.total === 1 ? 'entity' : 'entities'
    }`;
    const where = radius.systems.length ? ` in ${listed(radius.systems)}` : '';
    const customers = radius.customerFacing.length
      ? ` Customer-facing: ${listed(radius.customerFacing)}.`
      : '';
    text = `*Blast radius*: ${entities} impacted${where}. Teams to inform: ${
      listed(radius.owners) || '_none in the catalog_'
    }.${customers}`;
  }
  return {
    type: 'section',
    block_id: 'blast_radius',
    text: { type: 'mrkdwn', text: text.slice(0, 3000) },
  };
}
