import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  FacetContribution,
  PainWeights,
  ROLLUP_TREND_WEEKS,
  WEEK_MS,
  floorToIsoWeek,
  painWeightOf,
  readDeprecationAnnotations,
} from '@customer-impact/plugin-customer-impact-common';
import { CustomerImpactFacet, SummaryScope } from '../facets';
import { PainIndexService } from '../pain';
import {
  ConsumerPainRow,
  RollupStore,
  WHOLE_PASS_WATERMARK,
  WeeklyPainRow,
  treeWatermarkKey,
} from './RollupStore';

/** The kinds whose entities the rollups rank unless configured otherwise. */
export const DEFAULT_ROLLUP_KINDS = ['component', 'api', 'resource', 'system'];

const PAGE = 500;
const CHANGES_WATERMARK = 'changes';

/** What one pass computed. */
export interface RollupPassResult {
  entities: number;
  weeksBackfilled: number;
  removed: number;
}

/**
 * Computes what the group rollups read: the closure of the group tree and,
 * for every entity of the rollup kinds, its pain index now, per consuming
 * team, and at the end of each of the last 12 ISO weeks. It reads the
 * catalog and the facets with the plugin's own credentials; the read side
 * filters per caller.
 */
export class RollupBuilder {
  private readonly kinds: string[];

  constructor(
    private readonly options: {
      store: RollupStore;
      painIndex: PainIndexService;
      weights: PainWeights;
      facets: ReadonlyArray<CustomerImpactFacet>;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      kinds?: string[];
      now?: () => Date;
    },
  ) {
    this.kinds = (options.kinds ?? DEFAULT_ROLLUP_KINDS).map(k =>
      k.toLocaleLowerCase('en-US'),
    );
  }

  private now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }

  /** The first week of the trend at `now`. */
  static firstTrendWeek(now: Date): number {
    return floorToIsoWeek(now.getTime()) - (ROLLUP_TREND_WEEKS - 1) * WEEK_MS;
  }

  /**
   * The whole pass: the group tree, every entity of the rollup kinds (present
   * and missing past weeks), and the removal of entities no longer in the
   * catalog.
   */
  async refreshAll(): Promise<RollupPassResult> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const now = this.now();
    await this.refreshGroupTree(credentials);
    const recorded = await this.options.store.recordedWeeks(
      RollupBuilder.firstTrendWeek(now),
    );
    const seen = new Set<string>();
    let weeksBackfilled = 0;
    for await (const entity of this.entitiesOfKinds(credentials)) {
      const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
      seen.add(ref);
      weeksBackfilled += await this.computeEntity(entity, credentials, now, {
        pastWeek: week => !recorded.get(ref)?.has(week),
      });
    }
    const gone = (await this.options.store.entityRefs()).filter(
      r => !seen.has(r),
    );
    await this.options.store.deleteEntities(gone);
    // From now on the tree and every entity's owner are in the tables: the
    // internal-customers ranking reads its ownership from them.
    await this.options.store.setWatermark(WHOLE_PASS_WATERMARK, now.getTime());
    return { entities: seen.size, weeksBackfilled, removed: gone.length };
  }

  /**
   * Recomputes the entities whose facet data changed since the last call
   * (each facet's `changedSince`), including the past weeks the new data
   * falls in.
   */
  async refreshChanged(): Promise<number> {
    const startedAt = this.now();
    const since = await this.options.store.getWatermark(CHANGES_WATERMARK);
    if (since === null) {
      // The first whole pass computes everything; changes count from now.
      await this.options.store.setWatermark(
        CHANGES_WATERMARK,
        startedAt.getTime(),
      );
      return 0;
    }
    const changed = new Map<string, number>();
    for (const facet of this.options.facets) {
      for (const c of (await facet.changedSince?.(new Date(since))) ?? []) {
        const ref = c.entityRef.toLocaleLowerCase('en-US');
        changed.set(
          ref,
          Math.min(changed.get(ref) ?? Infinity, c.from.getTime()),
        );
      }
    }
    await this.refreshEntities(changed);
    await this.options.store.setWatermark(
      CHANGES_WATERMARK,
      startedAt.getTime(),
    );
    return changed.size;
  }

  /** Recomputes the tree and every entity owned anywhere in the group's tree. */
  async refreshTree(groupRef: string): Promise<number> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    await this.refreshGroupTree(credentials);
    const owners = await this.options.store.treeOf(groupRef);
    const now = this.now();
    const recorded = await this.options.store.recordedWeeks(
      RollupBuilder.firstTrendWeek(now),
    );
    let count = 0;
    for await (const entity of this.entitiesOfKinds(credentials, owners)) {
      const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
      await this.computeEntity(entity, credentials, now, {
        pastWeek: week => !recorded.get(ref)?.has(week),
      });
      count += 1;
    }
    // The group and every group below it now have all their entities
    // computed: the internal-customers ranking may read their ownership.
    for (const owner of owners) {
      await this.options.store.setWatermark(
        treeWatermarkKey(owner),
        now.getTime(),
      );
    }
    return count;
  }

  /**
   * Recomputes these entities now, and their weeks from the week of the
   * given instant (epoch ms) on.
   */
  async refreshEntities(changed: Map<string, number>): Promise<void> {
    if (changed.size === 0) {
      return;
    }
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const now = this.now();
    const refs = [...changed.keys()];
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: refs },
      { credentials },
    );
    for (const entity of items) {
      if (
        !entity ||
        !this.kinds.includes(entity.kind.toLocaleLowerCase('en-US'))
      ) {
        continue;
      }
      const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
      const fromWeek = floorToIsoWeek(changed.get(ref) ?? now.getTime());
      await this.computeEntity(entity, credentials, now, {
        pastWeek: week => week >= fromWeek,
      });
    }
  }

  private async refreshGroupTree(credentials: BackstageCredentials) {
    const children = new Map<string, string[]>();
    let cursor: string | undefined;
    do {
      const page = await this.options.catalog.queryEntities(
        cursor
          ? { cursor, limit: PAGE }
          : {
              filter: { kind: 'group' },
              fields: [
                'kind',
                'metadata.namespace',
                'metadata.name',
                'relations',
              ],
              limit: PAGE,
            },
        { credentials },
      );
      for (const group of page.items) {
        const ref = stringifyEntityRef(group).toLocaleLowerCase('en-US');
        children.set(
          ref,
          (group.relations ?? [])
            .filter(r => r.type === RELATION_PARENT_OF)
            .map(r => r.targetRef.toLocaleLowerCase('en-US')),
        );
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    await this.options.store.replaceGroupTree(groupClosure(children));
  }

  private async *entitiesOfKinds(
    credentials: BackstageCredentials,
    owners?: string[],
  ): AsyncGenerator<Entity> {
    let cursor: string | undefined;
    do {
      const page = await this.options.catalog.queryEntities(
        cursor
          ? { cursor, limit: PAGE }
          : {
              filter: {
                kind: this.kinds,
                ...(owners ? { 'relations.ownedBy': owners } : {}),
              },
              limit: PAGE,
            },
        { credentials },
      );
      yield* page.items;
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
  }

  /**
   * Computes one entity: now (the entity row, its consumers, the current
   * week), and the past weeks of the trend that `pastWeek` selects (those
   * not recorded yet, or those new data fell in). Returns how many past
   * weeks it computed.
   */
  private async computeEntity(
    entity: Entity,
    credentials: BackstageCredentials,
    now: Date,
    options: {
      /** Whether to (re)compute the past week starting at `week`. */
      pastWeek: (week: number) => boolean;
    },
  ): Promise<number> {
    const { store, painIndex } = this.options;
    const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    const present = await painIndex.compute(entity, {
      credentials,
      now,
      present: true,
    });
    const deprecation = readDeprecationAnnotations(entity);
    const dependentsLeft = quantityOf(
      present.contributions,
      'deprecation',
      'dependents-left',
    );
    const currentWeek = floorToIsoWeek(now.getTime());
    await store.writeEntity(
      {
        entityRef,
        kind: entity.kind.toLocaleLowerCase('en-US'),
        ownerRef: ownerOf(entity),
        value: present.painIndex.value,
        terms: present.painIndex.terms,
        noData: present.painIndex.noData,
        windowFrom: Date.parse(present.painIndex.window.from),
        windowTo: Date.parse(present.painIndex.window.to),
        deprecated: deprecation.deprecated,
        sunset: deprecation.sunset,
        dependentsLeft,
        computedAt: now.getTime(),
        neighbourRefs: SummaryScope.neighbourRefsOf(entity),
      },
      this.consumersOf(entityRef, present.contributions),
      {
        entityRef,
        ownerRef: ownerOf(entity),
        weekStart: currentWeek,
        value: present.painIndex.value,
        dependentsLeft,
        computedAt: now.getTime(),
      },
    );

    const weeks: WeeklyPainRow[] = [];
    for (
      let week = RollupBuilder.firstTrendWeek(now);
      week < currentWeek;
      week += WEEK_MS
    ) {
      if (!options.pastWeek(week)) {
        continue;
      }
      // The week as it ended: every facet over the window ending then.
      const end = new Date(week + WEEK_MS);
      const past = await painIndex.compute(entity, {
        credentials,
        now: end,
        present: false,
      });
      weeks.push({
        entityRef,
        ownerRef: ownerOf(entity),
        weekStart: week,
        value: past.painIndex.value,
        dependentsLeft: quantityOf(
          past.contributions,
          'deprecation',
          'dependents-left',
        ),
        computedAt: now.getTime(),
      });
    }
    await store.writeWeeks(weeks);
    return weeks.length;
  }

  /** Per consuming team: the weighted quantities the facets split per team. */
  private consumersOf(
    entityRef: string,
    contributions: FacetContribution[],
  ): ConsumerPainRow[] {
    const teams = new Map<string, ConsumerPainRow>();
    for (const c of contributions) {
      if (c.status !== 'ok') {
        continue;
      }
      for (const consumer of c.consumers ?? []) {
        const row = teams.get(consumer.consumerRef) ?? {
          entityRef,
          consumerRef: consumer.consumerRef,
          points: 0,
          quantities: [],
          categories: [],
        };
        for (const q of consumer.quantities) {
          row.points +=
            painWeightOf(this.options.weights, c.facet, q.id) * q.quantity;
          row.quantities.push(q);
        }
        row.categories.push(...consumer.categories);
        teams.set(consumer.consumerRef, row);
      }
    }
    return [...teams.values()];
  }
}

/** The owning group of an entity (its `ownedBy` relation), lower case. */
function ownerOf(entity: Entity): string | null {
  const owned = (entity.relations ?? []).find(
    r => r.type === RELATION_OWNED_BY,
  );
  return owned ? owned.targetRef.toLocaleLowerCase('en-US') : null;
}

function quantityOf(
  contributions: FacetContribution[],
  facet: string,
  id: string,
): number | null {
  const c = contributions.find(x => x.facet === facet && x.status === 'ok');
  return c?.quantities.find(q => q.id === id)?.quantity ?? null;
}

/**
 * Every (ancestor, descendant, depth) of a forest given as each group's
 * children, the group itself at depth 0. A cycle (a catalog mistake) is cut
 * where it closes.
 */
export function groupClosure(
  children: ReadonlyMap<string, string[]>,
): Array<{ ancestorRef: string; descendantRef: string; depth: number }> {
  const pairs: Array<{
    ancestorRef: string;
    descendantRef: string;
    depth: number;
  }> = [];
  for (const root of children.keys()) {
    const seen = new Set<string>([root]);
    let level = [root];
    let depth = 0;
    while (level.length > 0) {
      for (const g of level) {
        pairs.push({ ancestorRef: root, descendantRef: g, depth });
      }
      const next: string[] = [];
      for (const g of level) {
        for (const child of children.get(g) ?? []) {
          if (!seen.has(child)) {
            seen.add(child);
            next.push(child);
          }
        }
      }
      level = next;
      depth += 1;
    }
  }
  return pairs;
}
