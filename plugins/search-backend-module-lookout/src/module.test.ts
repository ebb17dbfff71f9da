import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { LookoutRunbooksCollatorFactory } from './collators/LookoutRunbooksCollatorFactory';
import { searchModuleLookout } from './module';

describe('searchModuleLookout', () => {
  it('registers the runbooks collator on the configured schedule', async () => {
    const addCollator = jest.fn();
    const scheduler = mockServices.scheduler.mock();
    const runner = { run: jest.fn() };
    scheduler.createScheduledTaskRunner.mockReturnValue(runner);
    await startTestBackend({
      extensionPoints: [
        [
          searchIndexRegistryExtensionPoint,
          { addCollator, addDecorator: jest.fn() },
        ],
      ],
      features: [
        searchModuleLookout,
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: {
            incidents: {
              search: {
                schedule: {
                  frequency: { minutes: 30 },
                  timeout: { minutes: 5 },
                },
              },
            },
          },
        }),
      ],
    });
    expect(addCollator).toHaveBeenCalledWith({
      schedule: runner,
      factory: expect.any(LookoutRunbooksCollatorFactory),
    });
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({
      frequency: { minutes: 30 },
      timeout: { minutes: 5 },
    });
  });
});
