import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';

/**
 * A catalog condition, as a policy using `isEntityOwner` answers a
 * `catalog-entity` permission asked without a resource (tests only).
 */
export function conditionalOwnerDecision(
  options: { pluginId?: string; claims?: string[] } = {},
): ConditionalPolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: options.pluginId ?? 'catalog',
    resourceType: 'catalog-entity',
    conditions: {
      rule: 'IS_ENTITY_OWNER',
      resourceType: 'catalog-entity',
      params: { claims: options.claims ?? [] },
    },
  };
}
