import { SEVERITIES } from '@lookout/plugin-incidents-common';

export const DECLARE_CALLBACK_ID = 'lookout_declare';

/** The declare form `/lookout declare` opens (views.open); its submission declares as the user. */
export function declareModal(channelId: string): Record<string, unknown> {
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
        block_id: 'entity',
        label: {
          type: 'plain_text',
          text: 'Where it started (catalog entity)',
        },
        hint: {
          type: 'plain_text',
          text: 'An entity ref, for example component:default/checkout. Its blast radius is computed from the catalog when you declare.',
        },
        element: { type: 'plain_text_input', action_id: 'value' },
      },
      {
        type: 'input',
        block_id: 'severity',
        label: { type: 'plain_text', text: 'Severity' },
        element: {
          type: 'static_select',
          action_id: 'value',
          initial_option: option('SEV3'),
          options: SEVERITIES.map(option),
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

function option(severity: string) {
  return { text: { type: 'plain_text', text: severity }, value: severity };
}
