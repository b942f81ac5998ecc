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
 * All permissions of the Customer Impact suite.
 *
 * @public
 */
export const customerImpactPermissions = [customerImpactEntityReadPermission];
