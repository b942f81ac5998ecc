import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  customerImpactChangeCreatePermission,
  customerImpactChangeDeletePermission,
  customerImpactDeprecationExemptionCreatePermission,
  customerImpactEntityReadPermission,
  customerImpactEntityRefreshPermission,
  customerImpactJourneyFeedbackCreatePermission,
  customerImpactReleaseGateReadPermission,
  customerImpactRollupRefreshPermission,
} from '@customer-impact/plugin-customer-impact-common';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * The demo portal's permission policy: the one a platform team would start
 * from (see "Permissions" in the README).
 *
 * It answers for people (user principals). Service principals never reach a
 * policy: Backstage decides their requests from the access restrictions of
 * their token (`backend.auth.externalAccess[].accessRestrictions`), so the
 * demo's CI token may push and nothing else, and the demo's own seeder (a
 * backend plugin) may push.
 *
 * For people:
 * - `customer-impact.entity.read` and `customer-impact.release-gate.read`:
 *   allowed; the plugin reads the entity from
 *   the catalog with the person's credentials, so they see the figures of
 *   exactly the entities the catalog lets them see;
 * - `customer-impact.journey-feedback.create`: allowed (anyone who can see a
 *   journey can say "done" or "I'm stuck here" on its steps);
 * - `customer-impact.rollup.refresh` (compute a group's rollup again now: it
 *   only recomputes figures) and `customer-impact.change.delete`: allowed
 *   (CI tokens may record changes but not delete them);
 * - `customer-impact.change.create`, `customer-impact.entity.refresh` and
 *   `customer-impact.deprecation-exemption.create` (asked on the dependent):
 *   only on entities owned by the person or one of their groups (a
 *   conditional decision that the catalog applies to the entity);
 * - every push (SLI samples, support events, journey events and feedback,
 *   burndown history) and any other `customer-impact.*` permission: denied.
 *
 * The permissions of every other plugin (catalog, scaffolder, search,
 * notifications, ...) are allowed, as the allow-all policy did.
 */
export class CustomerImpactDemoPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!permission.name.startsWith('customer-impact.')) {
      return ALLOW;
    }
    if (!user) {
      return DENY;
    }
    if (
      isPermission(permission, customerImpactEntityReadPermission) ||
      isPermission(permission, customerImpactReleaseGateReadPermission) ||
      isPermission(permission, customerImpactJourneyFeedbackCreatePermission) ||
      isPermission(permission, customerImpactRollupRefreshPermission) ||
      isPermission(permission, customerImpactChangeDeletePermission)
    ) {
      return ALLOW;
    }
    if (
      isPermission(permission, customerImpactChangeCreatePermission) ||
      isPermission(permission, customerImpactEntityRefreshPermission) ||
      isPermission(
        permission,
        customerImpactDeprecationExemptionCreatePermission,
      )
    ) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({
          claims: user.info.ownershipEntityRefs,
        }),
      );
    }
    return DENY;
  }
}
