import { Entity } from '@backstage/catalog-model';
import {
  dependencyRefsOf,
  readDeprecationAnnotations,
} from '@customer-impact/plugin-customer-impact-common';

/**
 * Whether the banner can have anything to say about an entity: it is
 * deprecated itself, or it depends on or consumes other entities.
 *
 * @public
 */
export function isDeprecationBannerRelevant(entity: Entity): boolean {
  return (
    readDeprecationAnnotations(entity).deprecated ||
    dependencyRefsOf(entity).length > 0
  );
}
