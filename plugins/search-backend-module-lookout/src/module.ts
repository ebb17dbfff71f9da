import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { lookoutServiceRef } from '@lookout/plugin-incidents-node';
import { LookoutRunbooksCollatorFactory } from './collators/LookoutRunbooksCollatorFactory';
import { PostmortemsCollatorFactory } from './collators/PostmortemsCollatorFactory';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 10 },
};

function readSchedule(config: Config): SchedulerServiceTaskScheduleDefinition {
  const key = 'incidents.search.schedule';
  return config.has(key)
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig(key),
      )
    : DEFAULT_SCHEDULE;
}

/**
 * Puts Lookout's documents in the portal's search: runbooks (type `lookout-runbook`) and
 * published postmortems (type `lookout-postmortem`).
 *
 * @public
 */
export const searchModuleLookout = createBackendModule({
  pluginId: 'search',
  moduleId: 'lookout',
  register(reg) {
    reg.registerInit({
      deps: {
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        lookout: lookoutServiceRef,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({ auth, config, lookout, logger, scheduler, indexRegistry }) {
        const schedule = scheduler.createScheduledTaskRunner(
          readSchedule(config),
        );
        indexRegistry.addCollator({
          schedule,
          factory: new LookoutRunbooksCollatorFactory({
            auth,
            lookout,
            logger,
          }),
        });
        indexRegistry.addCollator({
          schedule,
          factory: new PostmortemsCollatorFactory({ auth, lookout, logger }),
        });
      },
    });
  },
});
