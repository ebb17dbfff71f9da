import {
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { GraphService } from './GraphService';

export const GRAPH_REFRESH_TASK = 'incidents-catalog-graph-refresh';
const INTERVAL_KEY = 'incidents.graph.refreshInterval';
const DEFAULT_INTERVAL: HumanDuration = { minutes: 5 };

/** `incidents.graph.refreshInterval`: an ISO duration, a string like "5m", or { minutes: 5 }. */
export function readGraphRefreshInterval(
  config: RootConfigService,
): HumanDuration {
  return config.has(INTERVAL_KEY)
    ? readDurationFromConfig(config, { key: INTERVAL_KEY })
    : DEFAULT_INTERVAL;
}

/**
 * Keeps this replica's graph fresh. The task is `local`: every replica holds its own graph in
 * memory, so every replica must refresh it, not one of them. The first run waits a little
 * because at startup the catalog may not be serving yet; a request before then loads the graph
 * itself.
 */
export async function scheduleGraphRefresh(options: {
  config: RootConfigService;
  scheduler: SchedulerService;
  graph: GraphService;
}): Promise<void> {
  await options.scheduler.scheduleTask({
    id: GRAPH_REFRESH_TASK,
    scope: 'local',
    frequency: readGraphRefreshInterval(options.config),
    timeout: { minutes: 10 },
    initialDelay: { seconds: 15 },
    fn: async () => {
      await options.graph.refresh();
    },
  });
}
