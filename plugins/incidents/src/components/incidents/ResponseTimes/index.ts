export { ResponseTimes } from './ResponseTimes';
export type { ResponseTimesProps } from './ResponseTimes';
