import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { facetFailure } from '@customer-impact/plugin-customer-impact-common';
import { CustomerImpactFacet, FacetContext, SummaryFacets } from './types';

/**
 * Every facet's part of the summary of one entity, computed concurrently.
 * A facet that throws answers `status: 'error'` with the reason; the others
 * are served.
 */
export async function summarizeFacets(
  facets: ReadonlyArray<CustomerImpactFacet>,
  entity: Entity,
  context: FacetContext,
  logger: LoggerService,
): Promise<Partial<SummaryFacets>> {
  const parts = await Promise.all(
    facets.map(async facet => {
      try {
        return [facet.key, await facet.summarize(entity, context)] as const;
      } catch (error) {
        logger.warn(
          `The ${facet.key} facet failed for ${entity.kind}:${
            entity.metadata.namespace ?? 'default'
          }/${entity.metadata.name}: ${error}`,
        );
        return [facet.key, facetFailure(error)] as const;
      }
    }),
  );
  return Object.fromEntries(parts) as Partial<SummaryFacets>;
}
