import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { IncidentChatHost } from '@lookout/plugin-incidents-node';
import express from 'express';
import Router from 'express-promise-router';
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
import { verifySlackSignature } from './verifySlackSignature';

export const KIND_RESPOND = 'slack.respond';

const rawBody = express.raw({ type: () => true, limit: '1mb' });

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

function readJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new InputError('The body is not JSON');
  }
}

/**
 * Slack's three HTTP endpoints under `/chat/slack`: every request's v0 signature is checked
 * over its raw body before anything is read (401 otherwise). Events are acknowledged as soon
 * as their work is queued; commands answer within Slack's three seconds.
 */
export function createSlackRouter(options: {
  config: SlackConfig;
  host: IncidentChatHost;
  slack: SlackClient;
  commands: CommandRunner;
  timeline: ChatTimeline;
  logger: LoggerService;
}): express.Router {
  const { config, host, slack, commands, timeline } = options;
  const router = Router();

  const verified = (req: express.Request): Buffer => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    verifySlackSignature({
      signingSecret: config.signingSecret,
      body,
      timestamp: req.header('x-slack-request-timestamp'),
      signature: req.header('x-slack-signature'),
    });
    return body;
  };

  const handleEvent = async (event: { type: string }) => {
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
  };

  router.post('/chat/slack/events', rawBody, async (req, res) => {
    const envelope = parse(eventEnvelope, readJson(verified(req)), 'event');
    if (envelope.type === 'url_verification') {
      res.json({ challenge: envelope.challenge });
      return;
    }
    if (envelope.type === 'event_callback') {
      await handleEvent(envelope.event);
    }
    res.json({});
  });

  router.post('/chat/slack/commands', rawBody, async (req, res) => {
    const body = verified(req);
    const form = parse(
      commandForm,
      Object.fromEntries(new URLSearchParams(body.toString('utf8'))),
      'slash command',
    );
    const command = parseCommand(form.text);
    if (command.name === 'declare') {
      const actor = await commands.actorFor(form.user_id);
      if (!('userEntityRef' in actor)) {
        res.json(actor);
        return;
      }
      if (!form.trigger_id) throw new InputError('declare needs a trigger_id');
      // a trigger_id expires three seconds after the command, so this call cannot wait in a queue
      await slack.openView(form.trigger_id, declareModal(form.channel_id));
      res.status(200).end();
      return;
    }
    res.json(
      await commands.run(command, {
        slackUserId: form.user_id,
        channelId: form.channel_id,
      }),
    );
  });

  router.post('/chat/slack/interactions', rawBody, async (req, res) => {
    const body = verified(req);
    const payloadText = new URLSearchParams(body.toString('utf8')).get(
      'payload',
    );
    if (!payloadText) throw new InputError('An interaction carries a payload');
    const payload = parse(
      interactionPayload,
      readJson(Buffer.from(payloadText)),
      'interaction',
    );
    if (payload.type === 'view_submission') {
      if (payload.view.callback_id !== DECLARE_CALLBACK_ID) {
        res.status(200).end();
        return;
      }
      const actor = await commands.actorFor(payload.user.id);
      const values = payload.view.state.values;
      const field = (block: string) =>
        values[block]?.value?.value ??
        values[block]?.value?.selected_option?.value ??
        '';
      if (!('userEntityRef' in actor)) {
        res.json({
          response_action: 'errors',
          errors: { title: actor.text.slice(0, 150) },
        });
        return;
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
        res.json({ response_action: 'clear' });
      } catch (error) {
        res.json({
          response_action: 'errors',
          errors: { entity: refusal(error).slice(0, 150) },
        });
      }
      return;
    }
    // buttons: acknowledged now, answered privately through the response URL once done
    res.status(200).end();
    const [action] = payload.actions;
    if (!action?.value || !payload.response_url) return;
    const answer = await (async () => {
      const actor = await commands.actorFor(payload.user.id);
      if (!('userEntityRef' in actor)) return actor;
      try {
        if (action.action_id === ACTION_ACKNOWLEDGE) {
          const incident = await actor.acknowledge(action.value!);
          return ephemeral(`You acknowledged ${incident.id}.`);
        }
        if (action.action_id === ACTION_ESCALATE) {
          const incident = await commands.escalate(actor, action.value!);
          return ephemeral(`${incident.id} is now ${incident.severity}.`);
        }
        return undefined;
      } catch (error) {
        return ephemeral(refusal(error));
      }
    })();
    if (answer) {
      await host.enqueue([
        {
          kind: KIND_RESPOND,
          key: `slack-respond:${payload.response_url}:${
            action.action_id
          }:${Date.now()}`,
          payload: {
            url: payload.response_url,
            body: { ...answer, replace_original: false },
          },
        },
      ]);
    }
  });

  return router;
}
