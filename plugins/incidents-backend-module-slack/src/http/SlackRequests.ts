import { InputError } from '@backstage/errors';
import { IncidentChatHost } from '@lookout/plugin-incidents-node';
import {
  ACTION_ACKNOWLEDGE,
  ACTION_ESCALATE,
} from '../announcement/announcementBlocks';
import { SlackConfig } from '../config/readChatConfig';
import { CommandRunner, ephemeral, refusal } from '../commands/CommandRunner';
import { parseCommand } from '../commands/parseCommand';
import { DeclareForm } from '../declare/DeclareForm';
import { DECLARE_CALLBACK_ID } from '../declare/declareModal';
import { ChatTimeline } from '../timeline/ChatTimeline';
import {
  commandForm,
  eventEnvelope,
  interactionPayload,
  parse,
  pinEvent,
  reactionEvent,
} from './slackPayloads';

export const KIND_RESPOND = 'slack.respond';

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
      commands: CommandRunner;
      declare: DeclareForm;
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
    const { commands, declare } = this.options;
    const form = parse(commandForm, fields, 'slash command');
    const command = parseCommand(form.text);
    if (command.name === 'declare') {
      const actor = await commands.actorFor(form.user_id);
      if (!('userEntityRef' in actor)) return { body: actor };
      if (!form.trigger_id) throw new InputError('declare needs a trigger_id');
      await declare.open(form.trigger_id, form.channel_id);
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
    const { declare, host } = this.options;
    const payload = parse(interactionPayload, body, 'interaction');
    if (payload.type === 'block_suggestion') {
      return { body: await declare.suggest(payload) };
    }
    if (payload.type === 'view_submission') {
      if (payload.view.callback_id !== DECLARE_CALLBACK_ID) return {};
      return { body: await declare.submit(payload) };
    }
    if (payload.view?.callback_id === DECLARE_CALLBACK_ID) {
      return { after: () => declare.select(payload) };
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
        const answer = await commands.runFor(actor, incidentId, {
          name: 'escalate',
        });
        return ephemeral(answer.text);
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
