import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  FacetQuantity,
  PainTerm,
} from '@customer-impact/plugin-customer-impact-common';
import { createHash } from 'crypto';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { yieldToEventLoop } from '../database/yieldToEventLoop';
import { NeighbourIndex } from '../facets/SummaryScope';

const ENTITIES = 'rollup_entity_pain';
const WEEKLY = 'rollup_entity_pain_weekly';
/** Rows of {@link DatabaseRollupStore.recordedWeeks} read at a time. */
const RECORDED_WEEKS_PAGE = 10_000;
const CONSUMERS = 'rollup_consumer_pain';
const TREE = 'rollup_group_tree';
const STATE = 'rollup_state';
/** Rows per statement: well under SQLite's bound-parameter limit. */
const CHUNK = 200;

/** One entity's pain index as the rollup keeps it. */
export interface EntityPainRow {
  entityRef: string;
  kind: string;
  ownerRef: string | null;
  value: number | null;
  terms: PainTerm[];
  noData: string[];
  windowFrom: number;
  windowTo: number;
  deprecated: boolean;
  sunset: string | null;
  dependentsLeft: number | null;
  computedAt: number;
  /**
   * The refs of the entity's neighbours as read now (lower case; see
   * `SummaryScope.neighbourRefsOf`), for {@link NeighbourIndex}.
   */
  neighbourRefs?: string[];
}

/** What one consuming team experienced of one entity. */
export interface ConsumerPainRow {
  entityRef: string;
  consumerRef: string;
  points: number;
  quantities: FacetQuantity[];
  categories: Array<{ category: string; count: number }>;
}

/** One entity's pain index at the end of one ISO week. */
export interface WeeklyPainRow {
  entityRef: string;
  /** The entity's owner when written (its owning group, lower case). */
  ownerRef: string | null;
  /** Monday 00:00 UTC, epoch ms. */
  weekStart: number;
  value: number | null;
  dependentsLeft: number | null;
  computedAt: number;
}

/** Which entities of a tree to read: owned by `owners`, minus `hidden`. */
export interface TreeScope {
  owners: string[];
  /** Entities the caller may not see in the catalog. */
  hidden: string[];
}

/**
 * The key of `rollup_state` holding when the last whole pass began (epoch
 * ms): from then on, the group tree and every entity's owner are in the
 * rollup tables.
 */
export const WHOLE_PASS_WATERMARK = 'whole-pass';

/**
 * The key of `rollup_state` holding when the group's tree was last
 * recomputed on its own (`POST …/rollup/refresh`); a hash, as the key is
 * short and a ref may be long.
 */
export function treeWatermarkKey(groupRef: string): string {
  return `tree:${createHash('sha256')
    .update(groupRef)
    .digest('hex')
    .slice(0, 40)}`;
}

/** A group's tree and the entities it owns, as the rollups precomputed them. */
export interface RollupOwnership {
  /** The group and its descendants, the group first. */
  owners: string[];
  /** The entities owned anywhere in the tree, lower case, sorted. */
  entityRefs: string[];
  /** When the whole pass that recorded the tree began (epoch ms). */
  computedAt: number;
}

/** Where a page of ranked entities starts: after this entity. */
export interface RankCursor {
  value: number | null;
  entityRef: string;
}

/** Storage of the group rollups: written by the rollup tasks, read by the route. */
export interface RollupStore extends NeighbourIndex {
  /** Replaces the closure of the group tree (one transaction). */
  replaceGroupTree(
    pairs: Array<{ ancestorRef: string; descendantRef: string; depth: number }>,
  ): Promise<void>;
  /** The group and its descendants, the group first; `[group]` when not known yet. */
  treeOf(groupRef: string): Promise<string[]>;
  /**
   * Writes one entity's present pain, its consumers (replacing the old
   * ones) and its current week, in one transaction.
   */
  writeEntity(
    row: EntityPainRow,
    consumers: ConsumerPainRow[],
    week: WeeklyPainRow,
  ): Promise<void>;
  /** Writes past weeks of entities (insert or replace). */
  writeWeeks(rows: WeeklyPainRow[]): Promise<void>;
  /** The week starts recorded per entity since `fromWeek`. */
  recordedWeeks(fromWeek: number): Promise<Map<string, Set<number>>>;
  /** Every entity ref with a row. */
  entityRefs(): Promise<string[]>;
  /** Removes every row of these entities (gone from the catalog). */
  deleteEntities(entityRefs: string[]): Promise<void>;
  /** Entity refs of the scope (for visibility checks). */
  entityRefsOf(owners: string[]): Promise<string[]>;
  /**
   * The group's tree and the entities it owns, from the closure and the
   * entity rows; undefined until a whole pass or a refresh of the group's
   * tree has completed, or when the group was not in the catalog then.
   */
  ownershipOf(groupRef: string): Promise<RollupOwnership | undefined>;
  /** One page of the scope's entities: most pain first, then unmeasured, by ref. */
  rankEntities(
    scope: TreeScope,
    options: { limit: number; after?: RankCursor },
  ): Promise<EntityPainRow[]>;
  countEntities(scope: TreeScope): Promise<number>;
  /** The consuming teams with the most points over the scope. */
  rankConsumers(
    scope: TreeScope,
    limit: number,
  ): Promise<Array<{ consumerRef: string; points: number }>>;
  /** The rows of these teams over the scope. */
  consumerRows(
    scope: TreeScope,
    consumerRefs: string[],
  ): Promise<ConsumerPainRow[]>;
  /** The scope's deprecated entities. */
  deprecatedEntities(scope: TreeScope): Promise<EntityPainRow[]>;
  /** Σ pain per week over the scope since `fromWeek`. */
  weeklyTotals(
    scope: TreeScope,
    fromWeek: number,
  ): Promise<Array<{ weekStart: number; value: number; measured: number }>>;
  /** Weekly dependents of these entities since `fromWeek`. */
  weeklyDependents(
    entityRefs: string[],
    fromWeek: number,
  ): Promise<
    Array<{ entityRef: string; weekStart: number; dependents: number | null }>
  >;
  /** The latest `computed_at` over the scope; null when none. */
  computedAt(scope: TreeScope): Promise<number | null>;
  getWatermark(key: string): Promise<number | null>;
  setWatermark(key: string, at: number): Promise<void>;
}

type EntityRow = {
  entity_ref: string;
  kind: string;
  owner_ref: string | null;
  value: number | string | null;
  terms: string;
  no_data: string;
  window_from: number | string;
  window_to: number | string;
  deprecated: boolean | number;
  sunset: string | null;
  dependents_left: number | string | null;
  computed_at: number | string;
  neighbour_refs?: string | null;
};

function num(v: number | string): number;
function num(v: number | string | null): number | null;
function num(v: number | string | null): number | null {
  return v === null ? null : Number(v);
}

function entityFromRow(r: EntityRow): EntityPainRow {
  return {
    entityRef: r.entity_ref,
    kind: r.kind,
    ownerRef: r.owner_ref,
    value: num(r.value),
    terms: JSON.parse(r.terms),
    noData: JSON.parse(r.no_data),
    windowFrom: num(r.window_from),
    windowTo: num(r.window_to),
    deprecated: Boolean(r.deprecated),
    sunset: r.sunset,
    dependentsLeft: num(r.dependents_left),
    computedAt: num(r.computed_at),
  };
}

function entityToRow(e: EntityPainRow): EntityRow {
  return {
    entity_ref: e.entityRef,
    kind: e.kind,
    owner_ref: e.ownerRef,
    value: e.value,
    terms: JSON.stringify(e.terms),
    no_data: JSON.stringify(e.noData),
    window_from: e.windowFrom,
    window_to: e.windowTo,
    deprecated: e.deprecated,
    sunset: e.sunset,
    dependents_left: e.dependentsLeft,
    computed_at: e.computedAt,
    neighbour_refs: e.neighbourRefs ? JSON.stringify(e.neighbourRefs) : null,
  };
}

function weekToRow(w: WeeklyPainRow) {
  return {
    entity_ref: w.entityRef,
    owner_ref: w.ownerRef,
    week_start: w.weekStart,
    value: w.value,
    dependents_left: w.dependentsLeft,
    computed_at: w.computedAt,
  };
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

/** The rollup store on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseRollupStore implements RollupStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseRollupStore> {
    return new DatabaseRollupStore(
      await applyDatabaseMigrations(options.database),
    );
  }

  private constructor(private readonly db: Knex) {}

  /** Scope filter on a query over `table` whose entity column is `column`. */
  /**
   * Restricts a query on `table` (whose rows carry the entity's owner) to
   * the scope: its owners, minus its hidden entities.
   */
  private scoped(
    query: Knex.QueryBuilder,
    scope: TreeScope,
    table = ENTITIES,
  ): Knex.QueryBuilder {
    query.whereIn(`${table}.owner_ref`, scope.owners);
    for (const hidden of chunks(scope.hidden, 1000)) {
      query.whereNotIn(`${table}.entity_ref`, hidden);
    }
    return query;
  }

  async replaceGroupTree(
    pairs: Array<{ ancestorRef: string; descendantRef: string; depth: number }>,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx(TREE).delete();
      for (const chunk of chunks(pairs)) {
        await tx(TREE).insert(
          chunk.map(p => ({
            ancestor_ref: p.ancestorRef,
            descendant_ref: p.descendantRef,
            depth: p.depth,
          })),
        );
      }
    });
  }

  async treeOf(groupRef: string): Promise<string[]> {
    const rows: Array<{ descendant_ref: string }> = await this.db(TREE)
      .select('descendant_ref')
      .where('ancestor_ref', groupRef)
      .orderBy([
        { column: 'depth', order: 'asc' },
        { column: 'descendant_ref', order: 'asc' },
      ]);
    const refs = rows.map(r => r.descendant_ref);
    return refs.includes(groupRef)
      ? [groupRef, ...refs.filter(r => r !== groupRef)]
      : [groupRef, ...refs];
  }

  async writeEntity(
    row: EntityPainRow,
    consumers: ConsumerPainRow[],
    week: WeeklyPainRow,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx(ENTITIES)
        .insert(entityToRow(row))
        .onConflict('entity_ref')
        .merge();
      await tx(CONSUMERS).where('entity_ref', row.entityRef).delete();
      for (const chunk of chunks(consumers)) {
        await tx(CONSUMERS).insert(
          chunk.map(c => ({
            entity_ref: c.entityRef,
            owner_ref: row.ownerRef,
            consumer_ref: c.consumerRef,
            points: c.points,
            quantities: JSON.stringify(c.quantities),
            categories: JSON.stringify(c.categories),
          })),
        );
      }
      await tx(WEEKLY)
        .insert(weekToRow({ ...week, ownerRef: row.ownerRef }))
        .onConflict(['entity_ref', 'week_start'])
        .merge();
      // Every week of the entity counts for its owner now (as the group's
      // trend always did), also after a change of owner.
      await tx(WEEKLY)
        .where('entity_ref', row.entityRef)
        .update({ owner_ref: row.ownerRef });
    });
  }

  async writeWeeks(rows: WeeklyPainRow[]): Promise<void> {
    await this.db.transaction(async tx => {
      for (const chunk of chunks(rows)) {
        await tx(WEEKLY)
          .insert(chunk.map(weekToRow))
          .onConflict(['entity_ref', 'week_start'])
          .merge();
      }
    });
  }

  async neighboursOf(entityRef: string): Promise<string[] | undefined> {
    const row: { neighbour_refs: string | null } | undefined = await this.db(
      ENTITIES,
    )
      .where('entity_ref', entityRef.toLocaleLowerCase('en-US'))
      .first('neighbour_refs');
    return row?.neighbour_refs ? JSON.parse(row.neighbour_refs) : undefined;
  }

  /**
   * A page of {@link RECORDED_WEEKS_PAGE} rows at a time, in the primary
   * key's order, the event loop let run between pages: at 10,000 entities
   * the whole read (120,000 rows) held it for 63 ms in one turn, the driver
   * parsing the rows and the map built.
   */
  async recordedWeeks(
    fromWeek: number,
    pageSize: number = RECORDED_WEEKS_PAGE,
  ): Promise<Map<string, Set<number>>> {
    const weeks = new Map<string, Set<number>>();
    let after: { ref: string; week: number } | undefined;
    for (;;) {
      const query = this.db(WEEKLY)
        .select('entity_ref', 'week_start')
        .where('week_start', '>=', fromWeek)
        .orderBy([
          { column: 'entity_ref', order: 'asc' },
          { column: 'week_start', order: 'asc' },
        ])
        .limit(pageSize);
      if (after) {
        const { ref, week } = after;
        query.andWhere(q =>
          q
            .where('entity_ref', '>', ref)
            .orWhere(same =>
              same.where('entity_ref', ref).andWhere('week_start', '>', week),
            ),
        );
      }
      const rows: Array<{ entity_ref: string; week_start: number | string }> =
        await query;
      for (const r of rows) {
        const set = weeks.get(r.entity_ref) ?? new Set<number>();
        set.add(Number(r.week_start));
        weeks.set(r.entity_ref, set);
      }
      if (rows.length < pageSize) {
        return weeks;
      }
      const last = rows[rows.length - 1];
      after = { ref: last.entity_ref, week: Number(last.week_start) };
      await yieldToEventLoop();
    }
  }

  async entityRefs(): Promise<string[]> {
    const rows: Array<{ entity_ref: string }> = await this.db(ENTITIES).select(
      'entity_ref',
    );
    return rows.map(r => r.entity_ref);
  }

  async deleteEntities(entityRefs: string[]): Promise<void> {
    await this.db.transaction(async tx => {
      for (const chunk of chunks(entityRefs)) {
        await tx(CONSUMERS).whereIn('entity_ref', chunk).delete();
        await tx(WEEKLY).whereIn('entity_ref', chunk).delete();
        await tx(ENTITIES).whereIn('entity_ref', chunk).delete();
      }
    });
  }

  async entityRefsOf(owners: string[]): Promise<string[]> {
    const rows: Array<{ entity_ref: string }> = await this.db(ENTITIES)
      .select('entity_ref')
      .whereIn('owner_ref', owners);
    return rows.map(r => r.entity_ref);
  }

  async ownershipOf(groupRef: string): Promise<RollupOwnership | undefined> {
    // Built for this group (by a whole pass, or by a refresh of its tree)?
    // Asked together with the answer's reads, each one statement: on
    // PostgreSQL they run side by side.
    const [wholePass, treeRefresh, known, owners, rows] = await Promise.all([
      this.getWatermark(WHOLE_PASS_WATERMARK),
      this.getWatermark(treeWatermarkKey(groupRef)),
      this.db(TREE)
        .where({ ancestor_ref: groupRef, descendant_ref: groupRef })
        .first('depth'),
      this.treeOf(groupRef),
      // The tree joined in the database: no owner is bound as a parameter.
      this.db(ENTITIES)
        .select(`${ENTITIES}.entity_ref`)
        .join(TREE, `${TREE}.descendant_ref`, `${ENTITIES}.owner_ref`)
        .where(`${TREE}.ancestor_ref`, groupRef)
        .orderBy(`${ENTITIES}.entity_ref`) as Promise<
        Array<{ entity_ref: string }>
      >,
    ]);
    if ((wholePass === null && treeRefresh === null) || !known) {
      return undefined;
    }
    const computedAt = Math.max(wholePass ?? 0, treeRefresh ?? 0);
    return { owners, entityRefs: rows.map(r => r.entity_ref), computedAt };
  }

  async rankEntities(
    scope: TreeScope,
    options: { limit: number; after?: RankCursor },
  ): Promise<EntityPainRow[]> {
    const query = this.scoped(this.db(ENTITIES).select('*'), scope);
    const after = options.after;
    if (after && after.value !== null) {
      // After (v, r) in "value desc, ref asc, nulls last" order.
      query.where(q =>
        q
          .where('value', '<', after.value!)
          .orWhere(q2 =>
            q2
              .where('value', '=', after.value!)
              .andWhere('entity_ref', '>', after.entityRef),
          )
          .orWhereNull('value'),
      );
    } else if (after) {
      query.whereNull('value').andWhere('entity_ref', '>', after.entityRef);
    }
    const rows: EntityRow[] = await query
      .orderByRaw('(value is null) asc, value desc, entity_ref asc')
      .limit(options.limit);
    return rows.map(entityFromRow);
  }

  async countEntities(scope: TreeScope): Promise<number> {
    const [row] = await this.scoped(this.db(ENTITIES).count({ n: '*' }), scope);
    return Number((row as { n: number | string }).n);
  }

  async rankConsumers(
    scope: TreeScope,
    limit: number,
  ): Promise<Array<{ consumerRef: string; points: number }>> {
    const rows: Array<{ consumer_ref: string; points: number | string }> =
      await this.scoped(
        this.db(CONSUMERS)
          .select(`${CONSUMERS}.consumer_ref`)
          .sum({ points: `${CONSUMERS}.points` })
          .groupBy(`${CONSUMERS}.consumer_ref`),
        scope,
        CONSUMERS,
      )
        .orderBy([
          { column: 'points', order: 'desc' },
          { column: `${CONSUMERS}.consumer_ref`, order: 'asc' },
        ])
        .limit(limit);
    return rows.map(r => ({
      consumerRef: r.consumer_ref,
      points: Number(r.points),
    }));
  }

  async consumerRows(
    scope: TreeScope,
    consumerRefs: string[],
  ): Promise<ConsumerPainRow[]> {
    if (consumerRefs.length === 0) {
      return [];
    }
    const rows: Array<{
      entity_ref: string;
      consumer_ref: string;
      points: number | string;
      quantities: string;
      categories: string;
    }> = await this.scoped(
      this.db(CONSUMERS)
        .select(
          `${CONSUMERS}.entity_ref`,
          `${CONSUMERS}.consumer_ref`,
          `${CONSUMERS}.points`,
          `${CONSUMERS}.quantities`,
          `${CONSUMERS}.categories`,
        )
        .whereIn(`${CONSUMERS}.consumer_ref`, consumerRefs),
      scope,
      CONSUMERS,
    ).orderBy([
      { column: `${CONSUMERS}.points`, order: 'desc' },
      { column: `${CONSUMERS}.entity_ref`, order: 'asc' },
    ]);
    return rows.map(r => ({
      entityRef: r.entity_ref,
      consumerRef: r.consumer_ref,
      points: Number(r.points),
      quantities: JSON.parse(r.quantities),
      categories: JSON.parse(r.categories),
    }));
  }

  async deprecatedEntities(scope: TreeScope): Promise<EntityPainRow[]> {
    const rows: EntityRow[] = await this.scoped(
      this.db(ENTITIES).select('*').where('deprecated', true),
      scope,
    ).orderBy('entity_ref');
    return rows.map(entityFromRow);
  }

  async weeklyTotals(
    scope: TreeScope,
    fromWeek: number,
  ): Promise<Array<{ weekStart: number; value: number; measured: number }>> {
    const rows: Array<{
      week_start: number | string;
      value: number | string | null;
      measured: number | string;
    }> = await this.scoped(
      this.db(WEEKLY)
        .select(`${WEEKLY}.week_start`)
        .sum({ value: `${WEEKLY}.value` })
        .count({ measured: `${WEEKLY}.value` })
        .where(`${WEEKLY}.week_start`, '>=', fromWeek)
        .groupBy(`${WEEKLY}.week_start`),
      scope,
      WEEKLY,
    ).orderBy(`${WEEKLY}.week_start`);
    return rows.map(r => ({
      weekStart: Number(r.week_start),
      value: Number(r.value ?? 0),
      measured: Number(r.measured),
    }));
  }

  async weeklyDependents(
    entityRefs: string[],
    fromWeek: number,
  ): Promise<
    Array<{ entityRef: string; weekStart: number; dependents: number | null }>
  > {
    const out: Array<{
      entityRef: string;
      weekStart: number;
      dependents: number | null;
    }> = [];
    for (const chunk of chunks(entityRefs)) {
      const rows: Array<{
        entity_ref: string;
        week_start: number | string;
        dependents_left: number | string | null;
      }> = await this.db(WEEKLY)
        .select('entity_ref', 'week_start', 'dependents_left')
        .whereIn('entity_ref', chunk)
        .andWhere('week_start', '>=', fromWeek)
        .orderBy(['entity_ref', 'week_start']);
      out.push(
        ...rows.map(r => ({
          entityRef: r.entity_ref,
          weekStart: Number(r.week_start),
          dependents: num(r.dependents_left),
        })),
      );
    }
    return out;
  }

  async computedAt(scope: TreeScope): Promise<number | null> {
    const [row] = await this.scoped(
      this.db(ENTITIES).max({ at: 'computed_at' }),
      scope,
    );
    const at = (row as { at: number | string | null }).at;
    return at === null ? null : Number(at);
  }

  async getWatermark(key: string): Promise<number | null> {
    const row: { at: number | string } | undefined = await this.db(STATE)
      .where('key', key)
      .first('at');
    return row ? Number(row.at) : null;
  }

  async setWatermark(key: string, at: number): Promise<void> {
    await this.db(STATE).insert({ key, at }).onConflict('key').merge();
  }
}
