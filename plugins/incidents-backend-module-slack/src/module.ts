import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  IncidentChatHost,
  incidentsChatExtensionPoint,
  lookoutServiceRef,
} from '@lookout/plugin-incidents-node';
import express from 'express';
import { DatabaseChannelStore } from './channels/DatabaseChannelStore';
import { ChannelSync } from './channels/ChannelSync';
import { CommandRunner } from './commands/CommandRunner';
import { NamedRefs } from './commands/NamedRefs';
import { readSlackConfig, readTeamsConfig } from './config/readChatConfig';
import { DeclareForm } from './declare/DeclareForm';
import { createChannelsRouter } from './http/channelsRouter';
import { createSlackRouter } from './http/router';
import { KIND_RESPOND, SlackRequests } from './http/SlackRequests';
import { startSocketMode } from './http/startSocketMode';
import { SlackPeople } from './people/SlackPeople';
import { SlackClient } from './slack/SlackClient';
import { TeamsAnnouncer } from './teams/TeamsAnnouncer';
import { ChatTimeline } from './timeline/ChatTimeline';

/**
 * Slack for Lookout's incidents backend (and Teams, outbound): a channel per incident with one
 * self-updating announcement, `/lookout` commands run as the mapped Backstage user, reactions
 * and pins into the timeline. Routes mount under `/api/incidents/chat/`.
 *
 * @public
 */
export const incidentsModuleSlack = createBackendModule({
  pluginId: 'incidents',
  moduleId: 'slack',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        lookout: lookoutServiceRef,
        chat: incidentsChatExtensionPoint,
      },
      async init(deps) {
        const { config, logger, httpRouter } = deps;
        const slackConfig = readSlackConfig(config);
        const teamsConfig = readTeamsConfig(config);
        if (!slackConfig && !teamsConfig) {
          logger.info(
            'Neither incidents.chat.slack nor incidents.chat.teams is configured; chat is off',
          );
          return;
        }
        const portalBaseUrl = config.getString('app.baseUrl');
        const store = await DatabaseChannelStore.create({
          database: deps.database,
        });

        // The routes exist from the start; they answer once the incidents backend has lent
        // its host (right after its own services are built, before the server listens).
        let routes: express.Router | undefined;
        httpRouter.use((req, res, next) => {
          if (routes) return routes(req, res, next);
          if (req.path.startsWith('/chat/')) {
            return next(new ServiceUnavailableError('Chat is starting'));
          }
          return next();
        });
        if (slackConfig) {
          httpRouter.addAuthPolicy({
            path: '/chat/slack',
            allow: 'unauthenticated',
          });
        }

        deps.chat.addChatIntegration({
          name: 'slack',
          start: async (host: IncidentChatHost) => {
            const router = express.Router();
            if (teamsConfig) {
              new TeamsAnnouncer({
                host,
                config: teamsConfig,
                portalBaseUrl,
              }).start();
            }
            if (slackConfig) {
              const slack = new SlackClient({
                botToken: slackConfig.botToken,
                apiUrl: slackConfig.apiUrl,
                logger,
              });
              const people = new SlackPeople({ ...deps, slack });
              const channels = new ChannelSync({
                host,
                store,
                slack,
                people,
                config: slackConfig,
                portalBaseUrl,
                logger,
              });
              channels.start();
              const timeline = new ChatTimeline({ host, store, slack, people });
              timeline.start();
              host.handle(KIND_RESPOND, async item => {
                const response = await fetch(String(item.payload.url), {
                  method: 'POST',
                  headers: { 'Content-Type': 'application/json' },
                  body: JSON.stringify(item.payload.body),
                });
                if (!response.ok) {
                  throw new Error(`response_url answered ${response.status}`);
                }
              });
              const commands = new CommandRunner({
                host,
                store,
                people,
                channels,
                names: new NamedRefs({ ...deps, people }),
                command: slackConfig.command,
                logger,
              });
              const requests = new SlackRequests({
                config: slackConfig,
                host,
                commands,
                declare: new DeclareForm({ ...deps, host, slack, commands }),
                timeline,
              });
              router.use(
                createSlackRouter({ config: slackConfig, requests, logger }),
              );
              if (slackConfig.appToken) {
                await startSocketMode({
                  appToken: slackConfig.appToken,
                  apiUrl: slackConfig.apiUrl,
                  requests,
                  logger,
                  lifecycle: deps.lifecycle,
                });
              }
              router.use(
                createChannelsRouter({
                  httpAuth: deps.httpAuth,
                  lookout: deps.lookout,
                  store,
                  channels,
                }),
              );
            }
            routes = router;
          },
        });
      },
    });
  },
});
