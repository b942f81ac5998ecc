import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read the customer-impact summary of a catalog entity.
 *
 * It is a resource permission on `catalog-entity`, so a permission policy can
 * answer it with the catalog's own conditional rules (for example "only
 * entities my team owns"). The summary is read from the catalog with the
 * caller's credentials as well, so catalog read rules apply in addition.
 *
 * @public
 */
export const customerImpactEntityReadPermission = createPermission({
  name: 'customer-impact.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Ask an entity's release gate (the `release-gate` route of an entity):
 * whether its SLOs allow a release. A resource permission on `catalog-entity`, apart from
 * `customer-impact.entity.read`, so that a policy can let a CI pipeline ask
 * the gate without reading summaries.
 *
 * @public
 */
export const customerImpactReleaseGateReadPermission = createPermission({
  name: 'customer-impact.release-gate.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Push SLI samples (`POST /v1/slo-samples`). A basic permission: a policy
 * decides which users or services (machine clients with an external-access
 * token) may push.
 *
 * @public
 */
export const customerImpactSloSamplesCreatePermission = createPermission({
  name: 'customer-impact.slo-samples.create',
  attributes: { action: 'create' },
});

/**
 * Push journey events (`POST /v1/journey-events`) and batches of journey step
 * feedback (`POST /v1/journey-feedback`): a basic permission, meant for machine
 * clients (CI, onboarding tools, survey tools).
 *
 * @public
 */
export const customerImpactJourneyEventsCreatePermission = createPermission({
  name: 'customer-impact.journey-events.create',
  attributes: { action: 'create' },
});

/**
 * Say "done", "I'm stuck here" or rate the effort of a journey step, as the
 * signed-in user (`POST /v1/journeys/{namespace}/{name}/steps/{stepId}/feedback`).
 *
 * @public
 */
export const customerImpactJourneyFeedbackCreatePermission = createPermission({
  name: 'customer-impact.journey-feedback.create',
  attributes: { action: 'create' },
});

/**
 * Push support events (`POST /v1/support-events`). A basic permission: a
 * push may concern any entity.
 *
 * @public
 */
export const customerImpactSupportEventsCreatePermission = createPermission({
  name: 'customer-impact.support-events.create',
  attributes: { action: 'create' },
});

/**
 * Import the history of a deprecation burndown (`POST /v1/deprecation-burndown`):
 * a basic permission, meant for a one-off import from another system.
 *
 * @public
 */
export const customerImpactDeprecationBurndownCreatePermission =
  createPermission({
    name: 'customer-impact.deprecation-burndown.create',
    attributes: { action: 'create' },
  });

/**
 * All permissions of the Customer Impact suite.
 *
 * @public
 */
export const customerImpactPermissions = [
  customerImpactEntityReadPermission,
  customerImpactReleaseGateReadPermission,
  customerImpactSloSamplesCreatePermission,
  customerImpactJourneyEventsCreatePermission,
  customerImpactJourneyFeedbackCreatePermission,
  customerImpactSupportEventsCreatePermission,
  customerImpactDeprecationBurndownCreatePermission,
];
