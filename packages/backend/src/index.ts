/*
 * The demo portal's backend: Backstage's catalog, auth (guest), permissions,
 * scaffolder, search, notifications and signals, plus the Customer Impact
 * plugins installed the way a user installs them.
 */

import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: guest sign-in for the demo
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permissions: a real policy (src/permissions/policy.ts). People read what
// the catalog lets them read, give step feedback, and record changes and
// refresh where their group owns the entity; only machine clients push
// (the external-access token's accessRestrictions in app-config.yaml, and the
// demo's own seeder). Other plugins' permissions are allowed.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissions/module'));

// scaffolder: golden-path templates
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

// search (in-memory engine)
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
// Entities by their customer impact (document type customer-impact).
backend.add(
  import('@customer-impact/plugin-search-backend-module-customer-impact'),
);

// user settings, notifications and signals
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Customer Impact
backend.add(import('@customer-impact/plugin-customer-impact-backend'));
backend.add(
  import('@customer-impact/plugin-customer-impact-backend-module-prometheus'),
);
// Support events from PagerDuty and GitHub: idle (one log line) until
// customerImpact.sources.pagerduty / .github are configured.
backend.add(
  import('@customer-impact/plugin-customer-impact-backend-module-pagerduty'),
);
backend.add(
  import('@customer-impact/plugin-customer-impact-backend-module-github'),
);
backend.add(
  import('@customer-impact/plugin-catalog-backend-module-customer-impact'),
);

// Actions for AI agents: MCP clients list and call the actions registered
// by the plugins in backend.actions.pluginSources (the Customer Impact
// actions among them) at /api/mcp-actions/v1. See the README, "Actions for
// AI agents and automation".
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Demo only: generated SLI samples, journey events and support events, pushed
// through the public API at start (see src/demo/).
backend.add(import('./demo/plugin'));

backend.start();
