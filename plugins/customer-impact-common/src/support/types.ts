/**
 * Every support event kind, in display order: a ticket, a page (an on-call
 * alert), an escalation, and a manual exception (a request the platform cannot
 * serve self-service).
 *
 * @public
 */
export const SUPPORT_EVENT_KINDS = [
  'ticket',
  'page',
  'escalation',
  'manual-exception',
] as const;

/**
 * The kinds of support load, see {@link SUPPORT_EVENT_KINDS}.
 *
 * @public
 */
export type SupportEventKind = (typeof SUPPORT_EVENT_KINDS)[number];

/**
 * A count per support event kind.
 *
 * @public
 */
export type SupportKindCounts = Record<SupportEventKind, number>;

/**
 * An ISO week: Monday 00:00 UTC up to (not including) the next Monday 00:00 UTC.
 *
 * @public
 */
export interface SupportWeek {
  /** ISO week label, e.g. `2027-W09`. */
  label: string;
  /** Monday 00:00 UTC (ISO 8601). */
  start: string;
  /** The next Monday 00:00 UTC (ISO 8601), exclusive. */
  end: string;
}

/**
 * Pages measured against the on-call limit of the SRE Book (ch. 11): at most
 * 2 incidents per 12-hour shift. Shifts run 00:00–12:00 and 12:00–24:00 UTC.
 *
 * @public
 */
export interface SupportPageShiftFigures {
  /** The limit per shift: 2. */
  limit: number;
  /** Pages opened in the week. */
  pages: number;
  /** Shifts of the week that began before `now`: 14 for a complete week. */
  shifts: number;
  /** `pages / shifts`; null when no shift has begun yet. */
  pagesPerShift: number | null;
  /** The shift with the most pages (the earliest of equals); null without pages. */
  worstShift: { start: string; end: string; pages: number } | null;
  /** How many shifts had more pages than the limit. */
  shiftsOverLimit: number;
  /** Whether any shift had more pages than the limit. */
  exceedsLimit: boolean;
}

/**
 * How much of the load falls outside the top categories (the long tail).
 *
 * @public
 */
export interface SupportLongTail {
  /** N: how many of the largest categories count as the head. */
  topN: number;
  /** The head: up to N categories, largest first (ties alphabetical). */
  topCategories: Array<{ category: string; count: number }>;
  /** Events considered. */
  total: number;
  /** Events outside the head, including every event without a category. */
  longTail: number;
  /** Events without a category (part of `longTail`). */
  uncategorised: number;
  /** `longTail / total` in [0, 1]; null when there are no events. */
  share: number | null;
}

/**
 * The support-load figures of one entity in one ISO week.
 *
 * @public
 */
export interface SupportWeekFigures {
  entityRef: string;
  week: SupportWeek;
  /** Whether the week had ended by `now`. */
  complete: boolean;
  /** Events opened in the week, per kind. */
  counts: SupportKindCounts;
  /** Events opened in the week. */
  total: number;
  /** Median seconds from open to resolve of the week's events resolved by `now`; null when none. */
  medianTimeToResolveSeconds: number | null;
  /** How many resolved events the median is taken over. */
  resolvedCount: number;
  pages: SupportPageShiftFigures;
  /** Manual exceptions opened in the week, and how many of them are still open at `now`. */
  manualExceptions: { count: number; open: number };
  longTail: SupportLongTail;
}

/**
 * One week of a trend: its counts per kind and total. Null counts mean the week
 * is not covered by data (it began before `dataSince`).
 *
 * @public
 */
export interface SupportTrendWeek {
  week: SupportWeek;
  counts: SupportKindCounts | null;
  total: number | null;
}

/**
 * Counts per kind and in total, where a value may be missing (null).
 *
 * @public
 */
export type SupportKindFigures = Record<
  SupportEventKind | 'total',
  number | null
>;

/**
 * This week against the median of the last complete weeks.
 *
 * @public
 */
export interface SupportTrend {
  /** The last complete weeks, oldest first (12 by default). */
  weeks: SupportTrendWeek[];
  /** The week containing `now`, so far. */
  thisWeek: SupportTrendWeek;
  /** Per kind and total: the median of the weekly counts of the covered weeks; null when none is covered. */
  median: SupportKindFigures;
  /** Per kind and total: this week minus the median; null when either is missing. */
  difference: SupportKindFigures;
}

/**
 * The load one consuming team puts on a set of entities.
 *
 * @public
 */
export interface SupportConsumerLoad {
  /** The team's ref, or `unknown` for events without a consumer. */
  consumerRef: string;
  counts: SupportKindCounts;
  total: number;
  /** `total` over all events considered, in [0, 1]. */
  share: number;
  /** The entities the team loads most, largest first (ties alphabetical). */
  topEntities: Array<{ entityRef: string; count: number }>;
}
