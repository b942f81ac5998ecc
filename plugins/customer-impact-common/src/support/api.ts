import { FacetFailure, FacetNotConfigured, PushResult } from '../facet';
import {
  SupportConsumerLoad,
  SupportLongTail,
  SupportTrend,
  SupportWeek,
  SupportWeekFigures,
} from './types';
import { SupportEvent } from './schema';

/**
 * The annotation the PagerDuty pull module reads: the PagerDuty service whose
 * incidents are this entity's pages. Backstage's PagerDuty plugin uses it too.
 *
 * @public
 */
export const ANNOTATION_PAGERDUTY_SERVICE_ID = 'pagerduty.com/service-id';

/**
 * The annotation the GitHub pull module reads: `owner/repo` whose issues are
 * this entity's tickets. Backstage's GitHub integration uses it too.
 *
 * @public
 */
export const ANNOTATION_GITHUB_PROJECT_SLUG = 'github.com/project-slug';

/**
 * The response of a support push, `POST /v1/support-events`: events new,
 * changed (same source and externalId) and sent again unchanged, and the
 * entity refs (`entityRef`, `consumerRef`) the catalog does not have.
 *
 * @public
 */
export type SupportPushResult = PushResult;

/**
 * A stored support event, with when the backend first and last saw it. The
 * requester is never returned (the backend keeps only its keyed hash).
 *
 * @public
 */
export interface StoredSupportEvent extends Omit<SupportEvent, 'requester'> {
  /** When the backend first stored it (ISO 8601, UTC). */
  receivedAt: string;
  /** When it last changed in the backend (ISO 8601, UTC). */
  updatedAt: string;
}

/**
 * The window the support-load figures cover: the 12 complete ISO weeks before
 * this week, and this week so far.
 *
 * @public
 */
export interface SupportLoadWindow {
  /** Monday 00:00 UTC of the first of the 12 weeks. */
  from: string;
  /** When the figures were computed (the end of "this week so far"). */
  to: string;
  /** How many complete weeks the median is taken over (12). */
  weeks: number;
  thisWeek: SupportWeek;
}

/**
 * The `supportLoad` key of the entity summary.
 *
 * - `not-configured`: no event was ever recorded for the entity and it has no
 *   annotation a pull module reads; `howTo` says how to turn the facet on.
 * - `no-data`: the facet is set up (an annotation, or older events) but no event
 *   was opened in the window; no figure is shown, not even zeros.
 * - `ok`: the figures.
 * - `error`: the facet failed for this request; `reason` says why.
 *
 * @public
 */
export type SupportLoadFacet =
  | FacetNotConfigured
  | FacetFailure
  | {
      status: 'no-data';
      reason: string;
      window: SupportLoadWindow;
      /** When an event of the entity last changed; null when never. */
      lastUpdatedAt: string | null;
    }
  | {
      status: 'ok';
      window: SupportLoadWindow;
      /** When an event of the entity last changed in the backend. */
      lastUpdatedAt: string;
      /** The sources the events came from, e.g. `pagerduty`, `github`. */
      sources: string[];
      /** This week so far. */
      thisWeek: SupportWeekFigures;
      /** This week against the median of the 12 weeks before (sparkline data). */
      trend: SupportTrend;
      /** The top categories and the long-tail share over the whole window. */
      longTail: SupportLongTail;
      /** Median time to resolve over the whole window; null when nothing was resolved. */
      medianTimeToResolveSeconds: number | null;
      /** How many resolved events that median is taken over. */
      resolvedCount: number;
    };

/**
 * Recent support events of one entity:
 * `GET /v1/entities/{kind}/{namespace}/{name}/support-events`.
 *
 * @public
 */
export interface SupportEventList {
  entityRef: string;
  /** Newest first, by `openedAt`. */
  events: StoredSupportEvent[];
  /** How many events the entity has in all. */
  total: number;
}

/**
 * One consuming team in the group ranking, with links to its events.
 *
 * @public
 */
export interface GroupSupportConsumer extends SupportConsumerLoad {
  /** The team's most recent events on the group's entities, newest first (at most 3). */
  recentEvents: Array<
    Pick<
      StoredSupportEvent,
      | 'source'
      | 'externalId'
      | 'entityRef'
      | 'kind'
      | 'openedAt'
      | 'title'
      | 'url'
    >
  >;
}

/**
 * The consuming teams that put the most load on the entities a group owns:
 * `GET /v1/groups/{namespace}/{name}/consumers`.
 *
 * @public
 */
export interface GroupSupportConsumers {
  groupRef: string;
  window: SupportLoadWindow;
  /**
   * The entities the group and every group below it own (their `ownerOf`
   * relations; sub-groups through `parentOf`, any depth) that the caller
   * may read, sorted.
   */
  ownedEntityRefs: string[];
  /** Events considered, in the window, on the owned entities. */
  total: number;
  /** When an event of those entities last changed; null when none. */
  lastUpdatedAt: string | null;
  /**
   * One page of the consuming teams, most load first (ties by ref); events
   * without a consumer are grouped as `unknown`.
   */
  consumers: GroupSupportConsumer[];
  /** Where this page is in the ranking, and how to ask for the next one. */
  page: {
    limit: number;
    /** Pass as `cursor` for the next page; null on the last page. */
    nextCursor: string | null;
    /** Consuming teams in the ranking (every page). */
    total: number;
  };
  /**
   * Where the group's tree and the entities it owns came from: the group
   * rollups' precomputed ownership (`rollup`, as of `computedAt`, the end of
   * their last whole pass) or, before the rollups' first whole pass, a walk
   * of the catalog at the time of the request (`catalog`, `computedAt` null).
   */
  ownership: {
    source: 'rollup' | 'catalog';
    computedAt: string | null;
  };
}

/**
 * Consuming teams per page of `GET /v1/groups/{namespace}/{name}/consumers`
 * unless `limit` says otherwise.
 *
 * @public
 */
export const SUPPORT_CONSUMERS_DEFAULT_LIMIT = 20;

/**
 * The largest `limit` of a page of consuming teams.
 *
 * @public
 */
export const SUPPORT_CONSUMERS_MAX_LIMIT = 100;
