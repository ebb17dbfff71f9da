export { insightsApiRef } from './InsightsApi';
export type { InsightsApi, InsightsRequest } from './InsightsApi';
export { InsightsClient } from './InsightsClient';
