/*
 * The Lookout demo backend: the core Backstage plugins Lookout builds on, and Lookout itself.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// sign-in: the demo uses the guest provider
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// the catalog Lookout reads ownership and dependencies from
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
// everyone reads and declares; owners and the commander change an incident
backend.add(import('./modules/permissionPolicy'));

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
// Lookout's runbooks in the portal's search
backend.add(import('@lookout/plugin-search-backend-module-lookout'));

// the event bus the catalog and signals subscribe to
backend.add(import('@backstage/plugin-events-backend'));

// live updates and pages reach people through these
backend.add(import('@backstage/plugin-notifications-backend'));
// pages also go out by e-mail and Slack (see `notifications.processors` in app-config)
backend.add(import('@backstage/plugin-notifications-backend-module-email'));
backend.add(import('@backstage/plugin-notifications-backend-module-slack'));
backend.add(import('@backstage/plugin-signals-backend'));

// AI agents reach Lookout through the actions registry
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Lookout
backend.add(import('@lookout/plugin-incidents-backend'));
// a channel per incident in Slack, commands and chat into the timeline (incidents.chat.slack)
backend.add(import('@lookout/plugin-incidents-backend-module-slack'));

backend.start();
