import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEFAULT_TOP_CATEGORIES,
  FacetQuantity,
  GroupRollup,
  RollupConsumer,
  RollupDeprecation,
  RollupTrendPoint,
  ROLLUP_TREND_WEEKS,
  WEEK_MS,
  daysToSunset,
} from '@customer-impact/plugin-customer-impact-common';
import { RollupBuilder } from './RollupBuilder';
import {
  ConsumerPainRow,
  EntityPainRow,
  RankCursor,
  RollupStore,
  TreeScope,
} from './RollupStore';

/** Consuming teams a rollup lists. */
const CONSUMERS = 10;
/** Entities and categories listed per consuming team. */
const PER_CONSUMER = 3;

/** Encodes where the next page starts (opaque to clients). */
export function encodeCursor(cursor: RankCursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.entityRef])).toString(
    'base64url',
  );
}

/** Decodes a `cursor` query parameter; InputError naming it when it is not one of ours. */
export function decodeCursor(raw: string): RankCursor {
  try {
    const [value, entityRef] = JSON.parse(
      Buffer.from(raw, 'base64url').toString('utf8'),
    );
    if (
      (value === null || typeof value === 'number') &&
      typeof entityRef === 'string'
    ) {
      return { value, entityRef };
    }
  } catch {
    // fall through
  }
  throw new InputError(
    'cursor: not a cursor this API returned; pass page.nextCursor unchanged',
  );
}

/**
 * The read side of the group rollups: everything comes from the
 * precomputed rollup tables (never from raw events), restricted to the
 * entities the caller may see in the catalog.
 */
export class RollupService {
  constructor(
    private readonly options: {
      store: RollupStore;
      catalog: CatalogService;
      permissions: PermissionsService;
      /** The pain window's length in ms (for the window the rollup reports). */
      windowMs: number;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }

  /**
   * The entities of the tree the caller may not see: none when the policy
   * allows every catalog read, all of them when it denies, and those the
   * catalog does not return to the caller when the decision is conditional.
   */
  private async hiddenEntities(
    owners: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: catalogEntityReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) {
      return [];
    }
    const refs = await this.options.store.entityRefsOf(owners);
    if (decision.result === AuthorizeResult.DENY) {
      return refs;
    }
    const hidden: string[] = [];
    for (let i = 0; i < refs.length; i += 1000) {
      const chunk = refs.slice(i, i + 1000);
      const { items } = await this.options.catalog.getEntitiesByRefs(
        {
          entityRefs: chunk,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      items.forEach((item, j) => {
        if (!item) {
          hidden.push(chunk[j]);
        }
      });
    }
    return hidden;
  }

  async getRollup(
    groupRef: string,
    options: {
      credentials: BackstageCredentials;
      limit: number;
      cursor?: RankCursor;
    },
  ): Promise<GroupRollup> {
    const { store } = this.options;
    const now = this.now();
    const owners = await store.treeOf(groupRef);
    const scope: TreeScope = {
      owners,
      hidden: await this.hiddenEntities(owners, options.credentials),
    };
    const firstWeek = RollupBuilder.firstTrendWeek(now);

    const [rows, total, consumers, deprecations, trend, computedAt] =
      await Promise.all([
        store.rankEntities(scope, {
          limit: options.limit + 1,
          after: options.cursor,
        }),
        store.countEntities(scope),
        this.consumers(scope),
        this.deprecations(scope, firstWeek, now),
        this.trend(scope, firstWeek),
        store.computedAt(scope),
      ]);
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    const to = computedAt ?? now.getTime();
    return {
      groupRef,
      groups: owners,
      window: {
        from: new Date(to - this.options.windowMs).toISOString(),
        to: new Date(to).toISOString(),
      },
      entities: page.map(r => ({
        entityRef: r.entityRef,
        ownerRef: r.ownerRef,
        painIndex: {
          value: r.value,
          window: {
            from: new Date(r.windowFrom).toISOString(),
            to: new Date(r.windowTo).toISOString(),
          },
          terms: r.terms,
          noData: r.noData,
        },
        computedAt: new Date(r.computedAt).toISOString(),
      })),
      page: {
        limit: options.limit,
        nextCursor:
          rows.length > options.limit && last
            ? encodeCursor({ value: last.value, entityRef: last.entityRef })
            : null,
        total,
      },
      consumers,
      deprecations,
      trend,
      computedAt:
        computedAt === null ? null : new Date(computedAt).toISOString(),
    };
  }

  private async consumers(scope: TreeScope): Promise<RollupConsumer[]> {
    const ranked = await this.options.store.rankConsumers(scope, CONSUMERS);
    const rows = await this.options.store.consumerRows(
      scope,
      ranked.map(r => r.consumerRef),
    );
    return ranked.map(({ consumerRef, points }) => {
      const theirs = rows.filter(r => r.consumerRef === consumerRef);
      return {
        consumerRef,
        points,
        quantities: sumQuantities(theirs),
        entities: theirs
          .slice(0, PER_CONSUMER)
          .map(r => ({ entityRef: r.entityRef, points: r.points })),
        categories: mergeCategories(theirs).slice(0, DEFAULT_TOP_CATEGORIES),
      };
    });
  }

  private async deprecations(
    scope: TreeScope,
    firstWeek: number,
    now: Date,
  ): Promise<RollupDeprecation[]> {
    const deprecated: EntityPainRow[] =
      await this.options.store.deprecatedEntities(scope);
    const weekly = await this.options.store.weeklyDependents(
      deprecated.map(d => d.entityRef),
      firstWeek,
    );
    return deprecated.map(d => ({
      entityRef: d.entityRef,
      ownerRef: d.ownerRef,
      dependentsLeft: d.dependentsLeft,
      sunset: d.sunset,
      daysToSunset: daysToSunset(d.sunset, now),
      burndown: trendWeeks(firstWeek).map(week => ({
        weekStart: new Date(week).toISOString(),
        dependents:
          weekly.find(w => w.entityRef === d.entityRef && w.weekStart === week)
            ?.dependents ?? null,
      })),
    }));
  }

  private async trend(
    scope: TreeScope,
    firstWeek: number,
  ): Promise<RollupTrendPoint[]> {
    const totals = await this.options.store.weeklyTotals(scope, firstWeek);
    return trendWeeks(firstWeek).map(week => {
      const t = totals.find(x => x.weekStart === week);
      return {
        weekStart: new Date(week).toISOString(),
        // No entity measured that week: no data, not 0.
        value: t && t.measured > 0 ? t.value : null,
        measuredEntities: t?.measured ?? 0,
      };
    });
  }
}

function trendWeeks(firstWeek: number): number[] {
  return Array.from(
    { length: ROLLUP_TREND_WEEKS },
    (_, i) => firstWeek + i * WEEK_MS,
  );
}

/** A team's quantities summed over entities, by facet quantity id. */
function sumQuantities(rows: ConsumerPainRow[]): FacetQuantity[] {
  const sums = new Map<string, FacetQuantity>();
  for (const row of rows) {
    for (const q of row.quantities) {
      const sum = sums.get(q.id);
      sums.set(
        q.id,
        sum ? { ...sum, quantity: sum.quantity + q.quantity } : { ...q },
      );
    }
  }
  return [...sums.values()];
}

/** Categories over entities, most events first (ties by name). */
function mergeCategories(
  rows: ConsumerPainRow[],
): Array<{ category: string; count: number }> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    for (const c of row.categories) {
      counts.set(c.category, (counts.get(c.category) ?? 0) + c.count);
    }
  }
  return [...counts.entries()]
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
}
