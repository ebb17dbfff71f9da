import { HttpAuthService } from '@backstage/backend-plugin-api';
import { IncidentChatChannel } from '@lookout/plugin-incidents-common';
import { LookoutService } from '@lookout/plugin-incidents-node';
import express from 'express';
import Router from 'express-promise-router';
import { ChannelStore } from '../channels/ChannelStore';
import { ChannelSync } from '../channels/ChannelSync';

/** Where the portal links an incident's channel. */
export function slackChannelUrl(channelId: string): string {
  return `https://slack.com/app_redirect?channel=${encodeURIComponent(
    channelId,
  )}`;
}

/**
 * The incident page's view of its channel, for signed-in users: `GET /chat/channels/:id` and
 * `POST /chat/channels/:id` to open one. Both read the incident through the incidents API with
 * the caller's own credentials first, so the portal's permission policy decides who may.
 * (Not under `/chat/slack`, which is open to Slack's signed requests only.)
 */
export function createChannelsRouter(options: {
  httpAuth: HttpAuthService;
  lookout: LookoutService;
  store: ChannelStore;
  channels: ChannelSync;
}): express.Router {
  const { httpAuth, lookout, store, channels } = options;
  const router = Router();

  const view = async (
    incidentId: string,
  ): Promise<{ channel: IncidentChatChannel | null }> => {
    const channel = await store.get(incidentId);
    return {
      channel: channel
        ? {
            id: channel.channelId,
            name: channel.channelName,
            url: slackChannelUrl(channel.channelId),
            archived: channel.archived,
          }
        : null,
    };
  };

  router.get('/chat/channels/:incidentId', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const incident = await lookout.getIncident(req.params.incidentId, {
      credentials,
    });
    res.json(await view(incident.id));
  });

  router.post('/chat/channels/:incidentId', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const incident = await lookout.getIncident(req.params.incidentId, {
      credentials,
    });
    await channels.requestChannel(incident.id);
    res.status(202).json(await view(incident.id));
  });

  return router;
}
