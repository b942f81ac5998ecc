import {
  BasicPermission,
  ResourcePermission,
  createPermission,
} from '@backstage/plugin-permission-common';

/**
 * The resource type of catalog entities, as `@backstage/plugin-catalog-common`
 * names it (`RESOURCE_TYPE_CATALOG_ENTITY`). The suite's permissions about one
 * entity are resource permissions of this type, so that a permission policy
 * can answer them with the catalog's own conditions (`isEntityOwner`,
 * `hasAnnotation`, ...) through `createCatalogConditionalDecision`: the
 * permission backend then asks the catalog to apply them to the entity.
 *
 * @public
 */
export const CUSTOMER_IMPACT_ENTITY_RESOURCE_TYPE = 'catalog-entity';

/**
 * Read the customer-impact figures of a catalog entity: its summary, its
 * SLO details, its support events, a journey's figures, and the entity's
 * part of cross-entity views (a group's internal customers, the journeys that
 * pass through an entity).
 *
 * A resource permission on `catalog-entity`, so a permission policy can answer
 * it with catalog conditions (for example "only entities my team owns"). The
 * entity is read from the catalog with the caller's credentials as well, so
 * catalog read rules apply in addition: an entity the caller cannot see in the
 * catalog has no figures for them.
 *
 * @public
 */
export const customerImpactEntityReadPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'customer-impact.entity.read',
    attributes: { action: 'read' },
    resourceType: CUSTOMER_IMPACT_ENTITY_RESOURCE_TYPE,
  });

/**
 * Ask the backend to read an entity's data again now
 * (`POST /v1/entities/{kind}/{namespace}/{name}/slos/refresh`: the SLO
 * definitions file, and a pull of its SLI data). A resource permission on the
 * entity; the caller needs `customer-impact.entity.read` on it too.
 *
 * @public
 */
export const customerImpactEntityRefreshPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'customer-impact.entity.refresh',
    attributes: { action: 'update' },
    resourceType: CUSTOMER_IMPACT_ENTITY_RESOURCE_TYPE,
  });

/**
 * Push SLI samples (`POST /v1/slo-samples`). A basic permission: a push may
 * concern any entity. Meant for machine clients (CI jobs, exporters) with an
 * external-access token.
 *
 * @public
 */
export const customerImpactSloSamplesCreatePermission: BasicPermission =
  createPermission({
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
export const customerImpactJourneyEventsCreatePermission: BasicPermission =
  createPermission({
    name: 'customer-impact.journey-events.create',
    attributes: { action: 'create' },
  });

/**
 * Say "done", "I'm stuck here" or rate the effort of a journey step, as the
 * signed-in user (`POST /v1/journeys/{namespace}/{name}/steps/{stepId}/feedback`).
 * A resource permission on the Journey entity; the caller needs
 * `customer-impact.entity.read` on it too.
 *
 * @public
 */
export const customerImpactJourneyFeedbackCreatePermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'customer-impact.journey-feedback.create',
    attributes: { action: 'create' },
    resourceType: CUSTOMER_IMPACT_ENTITY_RESOURCE_TYPE,
  });

/**
 * Push support events (`POST /v1/support-events`). A basic permission: a
 * push may concern any entity.
 *
 * @public
 */
export const customerImpactSupportEventsCreatePermission: BasicPermission =
  createPermission({
    name: 'customer-impact.support-events.create',
    attributes: { action: 'create' },
  });

/**
 * Import the history of a deprecation burndown (`POST /v1/deprecation-burndown`):
 * a basic permission, meant for a one-off import from another system.
 *
 * @public
 */
export const customerImpactDeprecationBurndownCreatePermission: BasicPermission =
  createPermission({
    name: 'customer-impact.deprecation-burndown.create',
    attributes: { action: 'create' },
  });

/**
 * Record a change made to an entity (a release, a migration, a fix), so that
 * its effect on the entity's internal customers can be shown. A resource
 * permission on the entity the change is recorded on, so a policy can allow it
 * to the entity's owners (`isEntityOwner`).
 *
 * @public
 */
export const customerImpactChangeCreatePermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'customer-impact.change.create',
    attributes: { action: 'create' },
    resourceType: CUSTOMER_IMPACT_ENTITY_RESOURCE_TYPE,
  });

/**
 * Delete a recorded change (`DELETE /v1/changes/{id}`). A basic permission of
 * its own, so that a policy can let CI jobs record changes while only people
 * delete them.
 *
 * @public
 */
export const customerImpactChangeDeletePermission: BasicPermission =
  createPermission({
    name: 'customer-impact.change.delete',
    attributes: { action: 'delete' },
  });

/**
 * Recompute a group's rollup now
 * (`POST /v1/groups/{namespace}/{name}/rollup/refresh`). A resource
 * permission on the group, so a policy can allow it to its members
 * (`isEntityOwner` on a group: the group itself).
 *
 * @public
 */
export const customerImpactRollupRefreshPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'customer-impact.rollup.refresh',
    attributes: { action: 'update' },
    resourceType: CUSTOMER_IMPACT_ENTITY_RESOURCE_TYPE,
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
export const customerImpactDeprecationExemptionCreatePermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'customer-impact.deprecation-exemption.create',
    attributes: { action: 'create' },
    resourceType: CUSTOMER_IMPACT_ENTITY_RESOURCE_TYPE,
  });

/**
 * Ask an entity's release gate (`GET /v1/entities/{kind}/{namespace}/{name}/release-gate`):
 * whether its SLOs allow a release. A resource permission on `catalog-entity`,
 * apart from `customer-impact.entity.read`, so that a policy can let a CI
 * pipeline ask the gate without reading summaries.
 *
 * @public
 */
export const customerImpactReleaseGateReadPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'customer-impact.release-gate.read',
    attributes: { action: 'read' },
    resourceType: CUSTOMER_IMPACT_ENTITY_RESOURCE_TYPE,
  });

/**
 * The permissions of the pushes: batches of machine data that may concern any
 * entity. A policy usually keeps them to machine clients (service principals);
 * an external-access token can be limited to them with `accessRestrictions`.
 *
 * @public
 */
export const customerImpactPushPermissions: ReadonlyArray<BasicPermission> = [
  customerImpactSloSamplesCreatePermission,
  customerImpactSupportEventsCreatePermission,
  customerImpactJourneyEventsCreatePermission,
  customerImpactDeprecationBurndownCreatePermission,
];

/**
 * All permissions of the Customer Impact suite, as the backend registers them
 * with the permission framework.
 *
 * @public
 */
export const customerImpactPermissions = [
  customerImpactEntityReadPermission,
  customerImpactEntityRefreshPermission,
  customerImpactReleaseGateReadPermission,
  customerImpactJourneyFeedbackCreatePermission,
  customerImpactChangeCreatePermission,
  customerImpactChangeDeletePermission,
  customerImpactRollupRefreshPermission,
  customerImpactDeprecationExemptionCreatePermission,
  ...customerImpactPushPermissions,
];
