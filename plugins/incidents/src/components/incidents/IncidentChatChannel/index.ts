export { IncidentChatChannel } from './IncidentChatChannel';
