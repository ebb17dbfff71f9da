import { InputError } from '@backstage/errors';
import { z } from 'zod';

// The shapes of what Slack sends, as far as Lookout reads them (Slack adds fields freely).

export const eventEnvelope = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url_verification'), challenge: z.string() }),
  z.object({
    type: z.literal('event_callback'),
    event_id: z.string().optional(),
    event: z.looseObject({ type: z.string() }),
  }),
  z.object({ type: z.literal('app_rate_limited') }).loose(),
]);

export const reactionEvent = z.object({
  type: z.literal('reaction_added'),
  reaction: z.string(),
  item: z.object({
    type: z.string(),
    channel: z.string().optional(),
    ts: z.string().optional(),
  }),
});

export const pinEvent = z.object({
  type: z.literal('pin_added'),
  channel_id: z.string().optional(),
  item: z.looseObject({
    type: z.string(),
    channel: z.string().optional(),
    message: z.looseObject({ ts: z.string() }).optional(),
  }),
});

export const commandForm = z.object({
  command: z.string().min(1),
  text: z.string().default(''),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
});

const selectedOption = z.object({
  value: z.string(),
  text: z.object({ text: z.string() }).optional(),
});

/** A modal's inputs by block and action: a text's `value` or a menu's `selected_option`. */
const viewState = z.object({
  values: z.record(
    z.string(),
    z.record(
      z.string(),
      z.object({
        value: z.string().nullish(),
        selected_option: selectedOption.nullish(),
      }),
    ),
  ),
});
export type ViewState = z.infer<typeof viewState>;

/** The modal an interaction came from: `hash` guards views.update against a stale form. */
const view = z.object({
  id: z.string().optional(),
  hash: z.string().optional(),
  callback_id: z.string(),
  private_metadata: z.string().optional(),
  state: viewState.optional(),
});

export const interactionPayload = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('block_actions'),
    user: z.object({ id: z.string() }),
    channel: z.object({ id: z.string() }).optional(),
    response_url: z.string().optional(),
    view: view.optional(),
    actions: z.array(
      z.object({
        action_id: z.string(),
        block_id: z.string().optional(),
        value: z.string().optional(),
        selected_option: selectedOption.nullish(),
      }),
    ),
  }),
  z.object({
    type: z.literal('view_submission'),
    user: z.object({ id: z.string() }),
    view: view.extend({ state: viewState }),
  }),
  // what the user typed into a menu whose options Lookout loads (external_select)
  z.object({
    type: z.literal('block_suggestion'),
    user: z.object({ id: z.string() }),
    block_id: z.string(),
    action_id: z.string(),
    value: z.string(),
    view: view.optional(),
  }),
]);
export type InteractionPayload = z.infer<typeof interactionPayload>;

export function parse<T>(
  schema: z.ZodType<T>,
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `Malformed ${what}: ${result.error.issues[0]?.message}`,
    );
  }
  return result.data;
}

export function readJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new InputError('The body is not JSON');
  }
}
