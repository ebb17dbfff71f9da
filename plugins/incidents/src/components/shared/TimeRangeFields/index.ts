export { TimeRangeFields, useTimeRange } from './TimeRangeFields';
export type { TimeRange } from './TimeRangeFields';
