export { AlertInbox } from './AlertInbox';
