export { CauseSparkline } from './CauseSparkline';
