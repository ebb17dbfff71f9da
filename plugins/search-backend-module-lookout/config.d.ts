import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  incidents?: {
    search?: {
      /**
       * How often the portal's search re-reads Lookout's runbooks and published postmortems; by default every 10 minutes
       * with a 15 minute timeout, starting 10 seconds after the backend starts.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
