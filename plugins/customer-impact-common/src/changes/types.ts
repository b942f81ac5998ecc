import { JourneyFigure } from '../journey/figures';
import { SupportEventKind } from '../support/types';
import { Change } from './schema';

/**
 * A change a platform team recorded (`POST /v1/changes`), as the backend
 * stores and returns it.
 *
 * @public
 */
export interface RecordedChange extends Change {
  /**
   * Who recorded this version: a user entity ref (`user:default/ada`) or a
   * service's subject (`external:ci-deployer`); absent when not known.
   */
  recordedBy?: string;
  /** When this version was recorded (ISO 8601, UTC). A replay leaves it alone. */
  recordedAt: string;
}

/**
 * The answer of `POST /v1/changes`.
 *
 * @public
 */
export interface ChangePushResult {
  /** Changes with a new id. */
  inserted: number;
  /** Changes whose id was known and whose title, time, entities or URL differed. */
  updated: number;
  /** Changes sent again as stored. */
  unchanged: number;
}

/**
 * One page of `GET /v1/changes`: newest `at` first.
 *
 * @public
 */
export interface ChangeList {
  /**
   * The changes of this page. Entities the caller may not see are left out
   * of `entityRefs`, and a change with none left is left out: a page can hold
   * fewer than `limit` changes while `nextCursor` says there are more.
   */
  changes: RecordedChange[];
  /** Pass as `cursor` to read the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * One window of a relief: `[from, to)`, whole weeks.
 *
 * @public
 */
export interface ReliefWindow {
  /** Inclusive start (ISO 8601, UTC). */
  from: string;
  /** Exclusive end (ISO 8601, UTC). */
  to: string;
  /** Its length in weeks (a whole number of 7-day weeks). */
  weeks: number;
}

/**
 * The windows a relief compares, see `reliefWindows`.
 *
 * @public
 */
export interface ReliefWindows {
  /** The weeks asked for on each side. */
  weeks: number;
  /** Whole weeks that have passed since the change, at most `weeks`. */
  weeksAfterElapsed: number;
  /** `[at − weeks, at)`; null when it cannot be measured yet (`beforeReason`). */
  before: ReliefWindow | null;
  /** `[at, at + weeksAfterElapsed)`; null when less than a week has passed (`afterReason`). */
  after: ReliefWindow | null;
  /** Why `before` is null. */
  beforeReason?: string;
  /** Why `after` is null ("too early to tell: ..."). */
  afterReason?: string;
  /** True when less than one week has passed since the change: "too early to tell". */
  tooEarly: boolean;
}

/**
 * Events a week before and after a change. Null is "not measured" (with the
 * reason), never 0: a 0 here is a measured zero.
 *
 * @public
 */
export interface PerWeekFigures {
  /** Events in the before window ÷ its weeks. */
  beforePerWeek: number | null;
  /** Events in the after window ÷ its weeks. */
  afterPerWeek: number | null;
}

/**
 * Support events before and after a change (all kinds), and per kind.
 *
 * @public
 */
export interface SupportRelief extends PerWeekFigures {
  /** Events in the before window; null when not measured. */
  before: number | null;
  /** Events in the after window; null when not measured. */
  after: number | null;
  /** Per kind, with the same windows (null together with the totals). */
  byKind: Record<SupportEventKind, PerWeekFigures>;
  /** Why `beforePerWeek` is null. */
  beforeReason?: string;
  /** Why `afterPerWeek` is null ("too early to tell: ..."). */
  afterReason?: string;
}

/**
 * One consuming team's relief: the support events it raised on the change's
 * entities before and after the change.
 *
 * @public
 */
export interface TeamRelief {
  /** The team, `group:namespace/name`. */
  teamRef: string;
  /** Its title in the catalog when the caller can see it, else its name. */
  title: string;
  /** The change's entities the team's own entities consume or depend on (catalog relations). */
  consumes: string[];
  /** The support events the team raised on the change's entities. */
  support: SupportRelief;
}

/**
 * An SLO's budget burn in one window: the burn rate is the window's error
 * ratio ÷ (1 − target), so 1 spends the budget exactly over the SLO window.
 *
 * @public
 */
export interface SloWindowBurn {
  /** Null when the window held no event (no data). */
  burnRate: number | null;
  /** SLI events in the window (total and bad), or slices for the timeslice methods. */
  events: number;
  /** Bad SLI events (or bad slices) in the window. */
  badEvents: number;
}

/**
 * One SLO of a change's entity, before and after the change. SLOs have no
 * team: their relief is said per entity.
 *
 * @public
 */
export interface SloRelief {
  /** The SLO's key (`name`, or `name:objective`). */
  slo: string;
  /** Its display name, else its name. */
  title: string;
  /** Target in [0, 1). */
  target: number;
  /** Null when the before window cannot be measured yet. */
  before: SloWindowBurn | null;
  /** Null when too early to tell. */
  after: SloWindowBurn | null;
  /** Why `before` is null or has no burn rate. */
  beforeReason?: string;
  /** Why `after` is null or has no burn rate ("too early to tell: ..."). */
  afterReason?: string;
}

/**
 * A journey step at one of the change's entities, before and after the
 * change. Figures over fewer than k people are withheld; a side that cannot
 * be measured is `no-data` with its reason ("too early to tell").
 *
 * @public
 */
export interface JourneyStepRelief {
  /** `journey:namespace/name`. */
  journeyRef: string;
  /** The journey's title, else its name. */
  journeyTitle: string;
  /** The step's `id` in the journey's spec. */
  stepId: string;
  /** The step's title. */
  title: string;
  /** Median time taken (seconds, nearest-rank) of the attempts that started and completed in the window. */
  medianSeconds: { before: JourneyFigure; after: JourneyFigure };
  /** "I'm stuck here" reports given in the window ÷ its weeks. */
  stuckReportsPerWeek: { before: JourneyFigure; after: JourneyFigure };
}

/**
 * What a change's relief says about one of its entities.
 *
 * @public
 */
export interface EntityRelief {
  /** `kind:namespace/name`, lower case. */
  entityRef: string;
  /** Its title in the catalog, else its name. */
  title: string;
  /** Every support event on the entity, with or without a team. */
  support: SupportRelief;
  /** One per SLO of the entity; empty when it has none. */
  slos: SloRelief[];
  /** The journey steps at the entity; empty when no journey passes through it. */
  journeySteps: JourneyStepRelief[];
}

/**
 * `GET /v1/changes/{id}/relief?weeks=`: the customers' pain before and after
 * a change, per consuming team and per entity.
 *
 * @public
 */
export interface ChangeRelief {
  /** The change; `entityRefs` holds only the entities the caller may see. */
  change: RecordedChange;
  /** The weeks compared on each side (default 4). */
  weeks: number;
  /** Whole weeks passed since the change, at most `weeks`; the after window is this long. */
  weeksAfterElapsed: number;
  /** True when less than a week has passed: every after figure is null, "too early to tell". */
  tooEarly: boolean;
  /** The two windows compared, with the reasons a side is not measured. */
  windows: ReliefWindows;
  /** The consuming teams, most support events a week before the change first. */
  teams: TeamRelief[];
  /** The change's entities the caller may see, in the change's order. */
  entities: EntityRelief[];
  /** k of the journey figures: aggregates over fewer people are withheld. */
  k: number;
  /** When the relief was computed (ISO 8601, UTC). */
  computedAt: string;
}
