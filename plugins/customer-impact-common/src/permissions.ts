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
 * Recompute a group's rollup now (`POST /v1/groups/{namespace}/{name}/rollup/refresh`).
 *
 * @public
 */
export const customerImpactRollupRefreshPermission = createPermission({
  name: 'customer-impact.rollup.refresh',
  attributes: { action: 'update' },
});

/**
 * Record an exemption of a dependent from a deprecation campaign
 * (`POST /v1/entities/{kind}/{namespace}/{name}/deprecation-exemptions`).
 *
 * A resource permission on `catalog-entity`, authorized against the
 * **dependent** (not the deprecated entity), so that a policy can let only its
 * owners record one with the catalog's conditional rules (`isEntityOwner`).
 *
 * @public
 */
export const customerImpactDeprecationExemptionCreatePermission =
  createPermission({
    name: 'customer-impact.deprecation-exemption.create',
    attributes: { action: 'create' },
    resourceType: 'catalog-entity',
  });

/**
 * Record changes a platform team made (`POST /v1/changes`), against which
 * relief is measured: a basic permission, for people and CI jobs alike.
 *
 * @public
 */
export const customerImpactChangeCreatePermission = createPermission({
  name: 'customer-impact.change.create',
  attributes: { action: 'create' },
});

/**
 * Delete a recorded change (`DELETE /v1/changes/{id}`). A basic permission of
 * its own, so that a policy can let CI jobs record changes while only people
 * delete them.
 *
 * @public
 */
export const customerImpactChangeDeletePermission = createPermission({
  name: 'customer-impact.change.delete',
  attributes: { action: 'delete' },
});

/**
 * All permissions of the Customer Impact suite.
 *
 * @public
 */
export const customerImpactPermissions = [
  customerImpactEntityReadPermission,
  customerImpactSloSamplesCreatePermission,
  customerImpactJourneyEventsCreatePermission,
  customerImpactJourneyFeedbackCreatePermission,
  customerImpactSupportEventsCreatePermission,
  customerImpactDeprecationBurndownCreatePermission,
  customerImpactRollupRefreshPermission,
  customerImpactDeprecationExemptionCreatePermission,
  customerImpactChangeCreatePermission,
  customerImpactChangeDeletePermission,
];
