import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { EntityCustomerImpactSummary } from '@customer-impact/plugin-customer-impact-common';
import { CustomerImpactFacet, summarizeFacets } from '../facets';
import { PainIndexService } from '../pain';

/**
 * The customer-impact summary of one entity: every facet's part, computed
 * concurrently, and the pain index over them. The REST route
 * `GET /v1/entities/{kind}/{namespace}/{name}` and the
 * `get-entity-customer-impact` action both answer with it; they read the
 * entity with the caller's credentials first (`readEntityForCaller`).
 */
export class EntitySummaryService {
  constructor(
    private readonly options: {
      facets: ReadonlyArray<CustomerImpactFacet>;
      painIndex: PainIndexService;
      logger: LoggerService;
    },
  ) {}

  async summarize(
    entity: Entity,
    context: { credentials: BackstageCredentials; now: Date },
  ): Promise<EntityCustomerImpactSummary> {
    const { facets, painIndex, logger } = this.options;
    const parts = await summarizeFacets(facets, entity, context, logger);
    // The pain index reuses the facets' summary parts where it can.
    const pain = await painIndex.compute(entity, {
      credentials: context.credentials,
      now: context.now,
      present: true,
      summarized: parts,
    });
    return {
      entityRef: stringifyEntityRef(entity),
      generatedAt: context.now.toISOString(),
      ...parts,
      painIndex: pain.painIndex,
    } as EntityCustomerImpactSummary;
  }
}
