import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { EntityCustomerImpactSummary } from '@customer-impact/plugin-customer-impact-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CustomerImpactFacet,
  EntityReader,
  SummaryScope,
  summarizeFacets,
  withScope,
} from '../facets';
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
      /**
       * The catalog the summary reads the entity's neighbours from, once,
       * with the caller's credentials, before the facets run; without it
       * each facet reads what it needs itself.
       */
      catalog?: Pick<CatalogService, 'getEntitiesByRefs'>;
    },
  ) {}

  /**
   * Starts, for the summary of `entityRef` at `now`, the facets' reads that
   * need only the ref (`CustomerImpactFacet.prefetch`), into `scope`: the
   * summary route calls it before reading the entity, then `summarize` with
   * the same scope and `now`. A facet whose prefetch throws is left to
   * read in `summarize`.
   */
  prefetch(entityRef: string, context: { now: Date; scope: SummaryScope }) {
    for (const facet of this.options.facets) {
      try {
        facet.prefetch?.(entityRef, context);
      } catch (error) {
        this.options.logger.debug(
          `The ${facet.key} facet could not start its reads for ${entityRef}: ${error}`,
        );
      }
    }
  }

  async summarize(
    entity: Entity,
    context: {
      credentials: BackstageCredentials;
      now: Date;
      /** The scope to read through (tests count its calls); default: a new one. */
      scope?: SummaryScope;
      /**
       * What the scope reads entities through: the caller's view of the
       * catalog (`CallerAccess`); default: the catalog with `credentials`.
       */
      reader?: EntityReader;
      /**
       * Entities read already through `reader`, alongside the entity (its
       * neighbours as last seen), by lower-case ref: not read again.
       */
      read?: ReadonlyMap<string, Entity | undefined>;
    },
  ): Promise<EntityCustomerImpactSummary> {
    const { facets, painIndex, logger, catalog } = this.options;
    // Everything the facets need from the catalog in one read: the
    // entity's neighbours, with the caller's credentials. A facet that needs
    // more (the consumers of an API it provides) reads it through the same
    // scope, batched with the other facets' reads of that turn.
    const scope =
      context.scope ??
      (context.reader ?? catalog
        ? new SummaryScope(context.reader ?? catalog!, context.credentials)
        : undefined);
    if (scope) {
      for (const [ref, read] of context.read ?? []) {
        scope.seedRead(ref, read);
      }
      await scope.prefetchNeighbours(entity);
    }
    const facetContext = withScope(
      { credentials: context.credentials, now: context.now },
      scope,
    );
    const parts = await summarizeFacets(facets, entity, facetContext, logger);
    // The pain index reuses the facets' summary parts where it can.
    const pain = await painIndex.compute(entity, {
      credentials: context.credentials,
      now: context.now,
      scope,
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
