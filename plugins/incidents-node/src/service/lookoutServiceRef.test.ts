import {
  BackstageCredentials,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { LookoutService } from './LookoutService';
import { lookoutServiceRef } from './lookoutServiceRef';

describe('lookoutServiceRef', () => {
  it('gives a module a client that reaches the incidents plugin as that module', async () => {
    // stands in for the incidents backend: answers who called it and what was asked
    const incidents = createBackendPlugin({
      pluginId: 'incidents',
      register(env) {
        env.registerInit({
          deps: {
            httpRouter: coreServices.httpRouter,
            httpAuth: coreServices.httpAuth,
          },
          async init({ httpRouter, httpAuth }) {
            httpRouter.use(async (req, res, next) => {
              try {
                const credentials = await httpAuth.credentials(req);
                res.json({
                  url: req.originalUrl,
                  caller: credentials.principal,
                });
              } catch (error) {
                next(error);
              }
            });
          },
        });
      },
    });
    let lookout: LookoutService | undefined;
    let own: BackstageCredentials | undefined;
    const chat = createBackendPlugin({
      pluginId: 'chat',
      register(env) {
        env.registerInit({
          deps: { lookout: lookoutServiceRef, auth: coreServices.auth },
          async init(deps) {
            lookout = deps.lookout;
            own = await deps.auth.getOwnServiceCredentials();
          },
        });
      },
    });

    // no factory given: the backend uses the ref's default one
    await startTestBackend({ features: [incidents, chat] });

    await expect(
      lookout!.getIncident('INC-1', { credentials: own! }),
    ).resolves.toEqual({
      url: '/api/incidents/incidents/INC-1',
      caller: { type: 'service', subject: 'plugin:chat' },
    });
  });
});
