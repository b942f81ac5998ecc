/**
 * The `kind` of a journey entity.
 *
 * @public
 */
export const JOURNEY_KIND = 'Journey';

/**
 * The `apiVersion` of a journey entity.
 *
 * @public
 */
export const JOURNEY_API_VERSION = 'customer-impact/v1alpha1';

/**
 * Relation from a Journey to every entity (Component, API, Resource, ...) that one
 * of its steps goes through (`spec.stages[].steps[].entityRef`).
 * The reverse relation is {@link RELATION_JOURNEY_STEP_OF}.
 *
 * @public
 */
export const RELATION_JOURNEY_PASSES_THROUGH =
  'customer-impact/journeyPassesThrough';

/**
 * Relation from an entity that a journey step goes through to the Journey:
 * "component:default/checkout is a journey step of journey:default/first-deploy".
 * The reverse of {@link RELATION_JOURNEY_PASSES_THROUGH}.
 *
 * @public
 */
export const RELATION_JOURNEY_STEP_OF = 'customer-impact/journeyStepOf';

/**
 * Relation from a Journey to every scaffolder Template that one of its steps
 * uses (`spec.stages[].steps[].templateRef`).
 * The reverse relation is {@link RELATION_TEMPLATE_USED_BY_JOURNEY}.
 *
 * @public
 */
export const RELATION_JOURNEY_USES_TEMPLATE =
  'customer-impact/journeyUsesTemplate';

/**
 * Relation from a scaffolder Template to the Journey whose steps use it.
 * The reverse of {@link RELATION_JOURNEY_USES_TEMPLATE}.
 *
 * @public
 */
export const RELATION_TEMPLATE_USED_BY_JOURNEY =
  'customer-impact/templateUsedByJourney';

/**
 * The kind assumed for a step's `entityRef` written without a kind (`checkout`).
 *
 * @public
 */
export const JOURNEY_STEP_DEFAULT_ENTITY_KIND = 'Component';

/**
 * The kind assumed for a step's `templateRef` written without a kind; a
 * `templateRef` must name a Template.
 *
 * @public
 */
export const JOURNEY_STEP_TEMPLATE_KIND = 'Template';

/**
 * The kind assumed for `spec.owner` written without a kind, as for the
 * built-in kinds.
 *
 * @public
 */
export const JOURNEY_OWNER_DEFAULT_KIND = 'Group';
