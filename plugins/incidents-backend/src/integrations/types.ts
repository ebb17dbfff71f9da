export { INTEGRATION_TYPES } from '@lookout/plugin-incidents-common';
export type {
  CreatedIntegration,
  Integration,
  IntegrationSnippets,
  IntegrationType,
} from '@lookout/plugin-incidents-common';
