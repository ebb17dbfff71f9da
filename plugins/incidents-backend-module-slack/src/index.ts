/**
 * Slack (and Teams, outbound) for Lookout's incidents backend.
 *
 * @packageDocumentation
 */
export { incidentsModuleSlack as default } from './module';
export {
  verifySlackSignature,
  signSlackRequest,
} from './http/verifySlackSignature';
export { channelName } from './channels/channelName';
export { SLACK_USER_ID_ANNOTATION } from './people/SlackPeople';
