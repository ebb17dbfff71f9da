import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { SlackConfig } from '../config/readChatConfig';
import { readJson } from './slackPayloads';
import { SlackAnswer, SlackRequests } from './SlackRequests';
import { verifySlackSignature } from './verifySlackSignature';

const rawBody = express.raw({ type: () => true, limit: '1mb' });

/**
 * Slack's three HTTP endpoints under `/chat/slack`: every request's v0 signature is checked
 * over its raw body before anything is read (401 otherwise); a signed body Slack would never
 * send is refused with 400.
 */
export function createSlackRouter(options: {
  config: SlackConfig;
  requests: SlackRequests;
  logger: LoggerService;
}): express.Router {
  const { config, requests, logger } = options;
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
  const form = (body: Buffer) =>
    Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  const answer = async (res: express.Response, result: SlackAnswer) => {
    if (result.body) res.json(result.body);
    else res.status(200).end();
    await result
      .after?.()
      .catch(error =>
        logger.warn(`Slack interaction failed after its answer: ${error}`),
      );
  };

  router.post('/chat/slack/events', rawBody, async (req, res) => {
    await answer(res, await requests.event(readJson(verified(req))));
  });

  router.post('/chat/slack/commands', rawBody, async (req, res) => {
    await answer(res, await requests.command(form(verified(req))));
  });

  router.post('/chat/slack/interactions', rawBody, async (req, res) => {
    const { payload } = form(verified(req));
    if (!payload) throw new InputError('An interaction carries a payload');
    await answer(
      res,
      await requests.interaction(readJson(Buffer.from(payload))),
    );
  });

  return router;
}
