import { FacetQuantity } from '../facet/contribution';
import { PainIndex } from '../pain/types';

/**
 * One entity of a group rollup, ranked by its pain index.
 *
 * @public
 */
export interface RollupEntity {
  /** `kind:namespace/name`, lower case. */
  entityRef: string;
  /** The group of the tree that owns it. */
  ownerRef: string | null;
  painIndex: PainIndex;
  /** When its pain index was computed (ISO 8601, UTC). */
  computedAt: string;
}

/**
 * A consuming team of a group rollup: the pain it experiences on the
 * tree's entities over the pain window, and where it hurts.
 *
 * @public
 */
export interface RollupConsumer {
  /** The team's ref, lower case; `unknown` when the sources did not say. */
  consumerRef: string;
  /** Σ over the tree's entities of the team's weighted quantities. */
  points: number;
  /** The team's quantities summed over the tree's entities (e.g. tickets a week). */
  quantities: FacetQuantity[];
  /** The entities that hurt the team most, most points first (at most 3). */
  entities: Array<{ entityRef: string; points: number }>;
  /** The team's top categories over the tree's entities (at most 3). */
  categories: Array<{ category: string; count: number }>;
}

/**
 * A deprecated entity of the tree, with who is left and its weekly burndown.
 *
 * @public
 */
export interface RollupDeprecation {
  entityRef: string;
  ownerRef: string | null;
  /** Dependents still on it; null when not counted yet. */
  dependentsLeft: number | null;
  /** `YYYY-MM-DD`, or null when no sunset is set. */
  sunset: string | null;
  /** Whole days from today (UTC) to the sunset; negative once passed. */
  daysToSunset: number | null;
  /** Dependents at the end of each of the trend's weeks, oldest first; null: not counted. */
  burndown: Array<{ weekStart: string; dependents: number | null }>;
}

/**
 * The tree's total pain in one ISO week (the pain index of each entity at
 * the end of the week, over the window ending then).
 *
 * @public
 */
export interface RollupTrendPoint {
  /** Monday 00:00 UTC (ISO 8601). */
  weekStart: string;
  /** Σ of the entities' pain; null when no entity was measured that week. */
  value: number | null;
  /** How many entities had a measured pain index that week. */
  measuredEntities: number;
}

/**
 * The rollup of a group and every group below it (`parentOf`, any depth),
 * as `GET /v1/groups/{namespace}/{name}/rollup` answers it.
 *
 * @public
 */
export interface GroupRollup {
  /** The group asked for, lower case. */
  groupRef: string;
  /** The group and every descendant group, the group first. */
  groups: string[];
  /** The pain window (the same for every figure here). */
  window: { from: string; to: string };
  /** One page of the tree's entities, most pain first, then `null` (not measured). */
  entities: RollupEntity[];
  page: {
    limit: number;
    /** Pass as `cursor` for the next page; null on the last page. */
    nextCursor: string | null;
    /** Entities in the tree that the caller may see. */
    total: number;
  };
  /** The consuming teams hurting most on the tree's entities (at most 10). */
  consumers: RollupConsumer[];
  deprecations: RollupDeprecation[];
  /** The last 12 ISO weeks, oldest first; the last is the current week. */
  trend: RollupTrendPoint[];
  /** When the tree's figures were last computed; null when never. */
  computedAt: string | null;
}
