export { OnCallCard, describeDelay } from './OnCallCard';
