export { INTEGRATION_TYPES } from '@lookout/plugin-incidents-common';
export type {
  CreatedIntegration,
  CreateIntegrationRequest,
  Integration,
  IntegrationSnippets,
  IntegrationType,
} from '@lookout/plugin-incidents-common';
