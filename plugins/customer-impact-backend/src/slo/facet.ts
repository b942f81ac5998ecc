import { Entity } from '@backstage/catalog-model';
import {
  SLO_HOW_TO,
  SloFacet,
  SloFacetNotConfigured,
} from '@customer-impact/plugin-customer-impact-common';

/** What the summary needs from the SLO facet. */
export interface SloFacetProvider {
  getFacet(entity: Entity): Promise<SloFacet>;
}

/** The SLO facet of an entity without the `customer-impact/openslo` annotation. */
export function sloFacetNotConfigured(): SloFacetNotConfigured {
  return {
    status: 'not-configured',
    howTo: SLO_HOW_TO,
    lastUpdatedAt: null,
    burningDependencies: [],
  };
}
