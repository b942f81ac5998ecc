import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  FacetContribution,
  PainIndex,
  computePainIndex,
} from '@customer-impact/plugin-customer-impact-common';
import {
  ContributionWindow,
  CustomerImpactFacet,
  FacetContext,
  SummaryFacets,
  withScope,
} from '../facets';
import { PainIndexConfig } from './config';

/** An entity's pain index and the contributions it was computed from. */
export interface PainIndexResult {
  painIndex: PainIndex;
  contributions: FacetContribution[];
}

/**
 * The pain index of an entity: asks every facet for its contribution over
 * the window ending at `now` (concurrently; a facet that throws counts as
 * `error`, listed under `noData`) and weighs them with `-common`'s
 * `computePainIndex`.
 */
export class PainIndexService {
  constructor(
    private readonly options: {
      facets: ReadonlyArray<CustomerImpactFacet>;
      config: PainIndexConfig;
      logger: LoggerService;
    },
  ) {}

  /** The window ending at `now`: `[now − window, now)`. */
  windowEndingAt(now: Date): ContributionWindow {
    return {
      from: new Date(now.getTime() - this.options.config.windowMs),
      to: now,
    };
  }

  async compute(
    entity: Entity,
    context: FacetContext & {
      present: boolean;
      summarized?: Partial<SummaryFacets>;
    },
  ): Promise<PainIndexResult> {
    const window = this.windowEndingAt(context.now);
    const contributions = await Promise.all(
      this.options.facets.map(async (facet): Promise<FacetContribution> => {
        try {
          return await facet.contribute(
            entity,
            withScope(
              {
                credentials: context.credentials,
                now: context.now,
                present: context.present,
                window,
                summarized: context.summarized?.[facet.key] as never,
              },
              context.scope,
            ),
          );
        } catch (error) {
          this.options.logger.warn(
            `The ${
              facet.key
            } facet's contribution failed for ${stringifyEntityRef(
              entity,
            )}: ${error}`,
          );
          return {
            facet: facet.key,
            status: 'error',
            quantities: [],
            window: {
              from: window.from.toISOString(),
              to: window.to.toISOString(),
            },
            reason: String(error),
          };
        }
      }),
    );
    return {
      contributions,
      painIndex: computePainIndex(contributions, {
        weights: this.options.config.weights,
        window: {
          from: window.from.toISOString(),
          to: window.to.toISOString(),
        },
      }),
    };
  }
}
