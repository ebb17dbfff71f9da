import { InputError } from '@backstage/errors';
import { IncidentChatHost } from '@lookout/plugin-incidents-node';
import { z } from 'zod';
import {
  ACTION_ACKNOWLEDGE,
  ACTION_ESCALATE,
} from '../announcement/announcementBlocks';
import { SlackConfig } from '../config/readChatConfig';
import { CommandRunner, ephemeral, refusal } from '../commands/CommandRunner';
import { parseCommand } from '../commands/parseCommand';
import { SlackClient } from '../slack/SlackClient';
import { ChatTimeline } from '../timeline/ChatTimeline';
import { DECLARE_CALLBACK_ID, declareModal } from './declareModal';

export const KIND_RESPOND = 'slack.respond';

const eventEnvelope = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url_verification'), challenge: z.string() }),
  z.object({
    type: z.literal('event_callback'),
    event_id: z.string().optional(),
    event: z.looseObject({ type: z.string() }),
  }),
  z.object({ type: z.literal('app_rate_limited') }).loose(),
]);

const reactionEvent = z.object({
  type: z.literal('reaction_added'),
  reaction: z.string(),
  item: z.object({
    type: z.string(),
    channel: z.string().optional(),
    ts: z.string().optional(),
  }),
});

const pinEvent = z.object({
  type: z.literal('pin_added'),
  channel_id: z.string().optional(),
  item: z.looseObject({
    type: z.string(),
    channel: z.string().optional(),
    message: z.looseObject({ ts: z.string() }).optional(),
  }),
});

const commandForm = z.object({
  command: z.string().min(1),
  text: z.string().default(''),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
});

const interactionPayload = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('block_actions'),
    user: z.object({ id: z.string() }),
    channel: z.object({ id: z.string() }).optional(),
    response_url: z.string().optional(),
    actions: z.array(
      z.object({ action_id: z.string(), value: z.string().optional() }),
    ),
  }),
  z.object({
    type: z.literal('view_submission'),
    user: z.object({ id: z.string() }),
    view: z.object({
      callback_id: z.string(),
      private_metadata: z.string().optional(),
      state: z.object({
        values: z.record(
          z.string(),
          z.record(
            z.string(),
            z.object({
              value: z.string().nullish(),
              selected_option: z.object({ value: z.string() }).nullish(),
            }),
          ),
        ),
      }),
    }),
  }),
]);

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
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

/** What Slack gets back at once, and what is done after the answer (buttons). */
export interface SlackAnswer {
  /** The JSON body; none means an empty 200. */
  body?: object;
  after?: () => Promise<void>;
}

/**
 * What Lookout does with Slack's events, slash commands and interactions, the same whether they
 * came over HTTP (signed) or over Socket Mode. Events are acknowledged as soon as their work is
 * queued; commands answer within Slack's three seconds; buttons answer at once and reply
 * privately through the response URL once done.
 */
export class SlackRequests {
  constructor(
    private readonly options: {
      config: SlackConfig;
      host: IncidentChatHost;
      slack: SlackClient;
      commands: CommandRunner;
      timeline: ChatTimeline;
    },
  ) {}

  async event(body: unknown): Promise<SlackAnswer> {
    const envelope = parse(eventEnvelope, body, 'event');
    if (envelope.type === 'url_verification') {
      return { body: { challenge: envelope.challenge } };
    }
    if (envelope.type === 'event_callback') {
      await this.handleEvent(envelope.event);
    }
    return { body: {} };
  }

  async command(fields: Record<string, string>): Promise<SlackAnswer> {
    const { commands, slack } = this.options;
    const form = parse(commandForm, fields, 'slash command');
    const command = parseCommand(form.text);
    if (command.name === 'declare') {
      const actor = await commands.actorFor(form.user_id);
      if (!('userEntityRef' in actor)) return { body: actor };
      if (!form.trigger_id) throw new InputError('declare needs a trigger_id');
      // a trigger_id expires three seconds after the command, so this call cannot wait in a queue
      await slack.openView(form.trigger_id, declareModal(form.channel_id));
      return {};
    }
    return {
      body: await commands.run(command, {
        slackUserId: form.user_id,
        channelId: form.channel_id,
      }),
    };
  }

  async interaction(body: unknown): Promise<SlackAnswer> {
    const { commands, host } = this.options;
    const payload = parse(interactionPayload, body, 'interaction');
    if (payload.type === 'view_submission') {
      if (payload.view.callback_id !== DECLARE_CALLBACK_ID) return {};
      const actor = await commands.actorFor(payload.user.id);
      const values = payload.view.state.values;
      const field = (block: string) =>
        values[block]?.value?.value ??
        values[block]?.value?.selected_option?.value ??
        '';
      if (!('userEntityRef' in actor)) {
        return {
          body: {
            response_action: 'errors',
            errors: { title: actor.text.slice(0, 150) },
          },
        };
      }
      try {
        await actor.declare({
          title: field('title'),
          entityRef: field('entity'),
          severity: field('severity') as any,
          ...(field('description')
            ? { description: field('description') }
            : {}),
        });
        return { body: { response_action: 'clear' } };
      } catch (error) {
        return {
          body: {
            response_action: 'errors',
            errors: { entity: refusal(error).slice(0, 150) },
          },
        };
      }
    }
    const [action] = payload.actions;
    const responseUrl = payload.response_url;
    if (!action?.value || !responseUrl) return {};
    const incidentId = action.value;
    const after = async () => {
      const answer = await this.press(
        payload.user.id,
        action.action_id,
        incidentId,
      );
      if (!answer) return;
      await host.enqueue([
        {
          kind: KIND_RESPOND,
          key: `slack-respond:${responseUrl}:${action.action_id}:${Date.now()}`,
          payload: {
            url: responseUrl,
            body: { ...answer, replace_original: false },
          },
        },
      ]);
    };
    return { after };
  }

  private async press(
    slackUserId: string,
    actionId: string,
    incidentId: string,
  ) {
    const { commands } = this.options;
    const actor = await commands.actorFor(slackUserId);
    if (!('userEntityRef' in actor)) return actor;
    try {
      if (actionId === ACTION_ACKNOWLEDGE) {
        const incident = await actor.acknowledge(incidentId);
        return ephemeral(`You acknowledged ${incident.id}.`);
      }
      if (actionId === ACTION_ESCALATE) {
        const incident = await commands.escalate(actor, incidentId);
        return ephemeral(`${incident.id} is now ${incident.severity}.`);
      }
      return undefined;
    } catch (error) {
      return ephemeral(refusal(error));
    }
  }

  private async handleEvent(event: { type: string }) {
    const { config, timeline } = this.options;
    if (event.type === 'reaction_added') {
      const e = parse(reactionEvent, event, 'reaction_added event');
      if (
        e.reaction === config.timelineReaction &&
        e.item.type === 'message' &&
        e.item.channel &&
        e.item.ts
      ) {
        await timeline.capture(e.item.channel, e.item.ts);
      }
    } else if (event.type === 'pin_added') {
      const e = parse(pinEvent, event, 'pin_added event');
      const channel = e.item.channel ?? e.channel_id;
      if (e.item.type === 'message' && channel && e.item.message) {
        await timeline.capture(channel, e.item.message.ts);
      }
    }
  }
}
