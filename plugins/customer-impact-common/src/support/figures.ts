import { DateTime } from 'luxon';
import { nearestRankMedian } from '../stats';
import { compareCodeUnits } from '../order';
import { HOUR_MS, WEEK_MS, floorToIsoWeek } from '../time';
import { SupportEvent } from './schema';
import {
  SUPPORT_EVENT_KINDS,
  SupportConsumerLoad,
  SupportEventKind,
  SupportKindCounts,
  SupportKindFigures,
  SupportLongTail,
  SupportPageShiftFigures,
  SupportTrend,
  SupportTrendWeek,
  SupportWeek,
  SupportWeekFigures,
} from './types';

const SHIFT_MS = 12 * HOUR_MS;
const SHIFTS_PER_WEEK = 14;
const DEFAULT_TOP_ENTITIES = 3;

/**
 * The SRE Book's on-call limit (ch. 11): at most 2 incidents per 12-hour shift.
 *
 * @public
 */
export const PAGES_PER_SHIFT_LIMIT = 2;

/**
 * How many of the largest categories form the head in the long-tail share,
 * unless told otherwise.
 *
 * @public
 */
export const DEFAULT_TOP_CATEGORIES = 3;

/**
 * How many complete weeks the trend compares this week with, unless told
 * otherwise.
 *
 * @public
 */
export const DEFAULT_TREND_WEEKS = 12;

/**
 * The `consumerRef` under which events without a consuming team are grouped.
 * It cannot clash with a real ref, which always holds a `:` and a `/`.
 *
 * @public
 */
export const UNKNOWN_CONSUMER = 'unknown';

/**
 * A moment: a `Date`, a luxon `DateTime` or an ISO 8601 timestamp with a zone.
 *
 * @public
 */
export type SupportInstant = Date | DateTime | string;

function toMillis(at: SupportInstant): number {
  let ms: number;
  if (typeof at === 'string') {
    ms = Date.parse(at);
  } else if (at instanceof Date) {
    ms = at.getTime();
  } else {
    ms = at.toMillis();
  }
  if (!Number.isFinite(ms)) {
    throw new TypeError(`Not a valid moment: ${String(at)}`);
  }
  return ms;
}

function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

function weekFromStart(startMs: number): SupportWeek {
  return {
    label: DateTime.fromMillis(startMs, { zone: 'utc' }).toFormat("kkkk-'W'WW"),
    start: isoOf(startMs),
    end: isoOf(startMs + WEEK_MS),
  };
}

/**
 * The ISO week (Monday 00:00 UTC up to the next Monday 00:00 UTC) that holds
 * the given moment. Sunday 23:59:59.999 UTC is the last moment of a week;
 * Monday 00:00 UTC is the first of the next.
 *
 * @public
 */
export function supportWeekOf(at: SupportInstant): SupportWeek {
  return weekFromStart(floorToIsoWeek(toMillis(at)));
}

/**
 * The `count` weeks before `week`, oldest first.
 *
 * @public
 */
export function supportWeeksBefore(
  week: SupportWeek,
  count: number,
): SupportWeek[] {
  const start = toMillis(week.start);
  const weeks: SupportWeek[] = [];
  for (let i = count; i >= 1; i--) {
    weeks.push(weekFromStart(start - i * WEEK_MS));
  }
  return weeks;
}

function emptyCounts(): SupportKindCounts {
  return { ticket: 0, page: 0, escalation: 0, 'manual-exception': 0 };
}

/**
 * Counts events per kind. Every kind is present, zero when it has no events.
 *
 * @public
 */
export function countSupportEventsByKind(
  events: ReadonlyArray<Pick<SupportEvent, 'kind'>>,
): SupportKindCounts {
  const counts = emptyCounts();
  for (const event of events) {
    counts[event.kind] += 1;
  }
  return counts;
}

/**
 * The events opened in `[fromMs, toMs)`. `openedMs`, when given, holds each
 * event's opening instant already parsed (same order), so that a caller
 * looking at many weeks parses every timestamp once, not once a week.
 */
function openedIn(
  events: ReadonlyArray<SupportEvent>,
  fromMs: number,
  toMs: number,
  openedMs?: ReadonlyArray<number>,
): SupportEvent[] {
  return events.filter((e, i) => {
    const opened = openedMs ? openedMs[i] : toMillis(e.openedAt);
    return opened >= fromMs && opened < toMs;
  });
}

function resolvedBy(event: SupportEvent, nowMs: number): boolean {
  return event.resolvedAt !== undefined && toMillis(event.resolvedAt) <= nowMs;
}

/**
 * The median time to resolve, in seconds, of the given events that were
 * resolved by `now` (a resolution stamped after `now` does not count yet).
 * Nearest-rank median (see {@link nearestRankMedian}): with an even count it is
 * the lower of the two middle times, so it is always the time of a real event.
 * Null when none is resolved: no data is not zero.
 *
 * @public
 */
export function medianTimeToResolveSeconds(
  events: ReadonlyArray<SupportEvent>,
  now: SupportInstant,
): number | null {
  const nowMs = toMillis(now);
  return nearestRankMedian(
    events
      .filter(e => resolvedBy(e, nowMs))
      .map(e => (toMillis(e.resolvedAt!) - toMillis(e.openedAt)) / 1000),
  );
}

/**
 * Pages of a week against the on-call limit of 2 per 12-hour shift. The week
 * has 14 shifts, 00:00–12:00 and 12:00–24:00 UTC; a page belongs to the shift
 * in which it was opened. `pagesPerShift` divides the week's pages by the
 * shifts that began before `now` (14 once the week is over; 0, and a null
 * rate, at the very first moment of the week).
 *
 * @public
 */
export function pageShiftFigures(
  events: ReadonlyArray<SupportEvent>,
  week: SupportWeek,
  now: SupportInstant,
): SupportPageShiftFigures {
  const startMs = toMillis(week.start);
  const nowMs = toMillis(now);
  const perShift = new Array<number>(SHIFTS_PER_WEEK).fill(0);
  let pages = 0;
  for (const event of openedIn(events, startMs, startMs + WEEK_MS)) {
    if (event.kind === 'page') {
      pages += 1;
      perShift[
        Math.floor((toMillis(event.openedAt) - startMs) / SHIFT_MS)
      ] += 1;
    }
  }
  const shifts = Math.min(
    SHIFTS_PER_WEEK,
    Math.max(0, Math.ceil((nowMs - startMs) / SHIFT_MS)),
  );
  let worst = -1;
  for (let i = 0; i < SHIFTS_PER_WEEK; i++) {
    if (perShift[i] > 0 && (worst < 0 || perShift[i] > perShift[worst])) {
      worst = i;
    }
  }
  const shiftsOverLimit = perShift.filter(
    n => n > PAGES_PER_SHIFT_LIMIT,
  ).length;
  return {
    limit: PAGES_PER_SHIFT_LIMIT,
    pages,
    shifts,
    pagesPerShift: shifts === 0 ? null : pages / shifts,
    worstShift:
      worst < 0
        ? null
        : {
            start: isoOf(startMs + worst * SHIFT_MS),
            end: isoOf(startMs + (worst + 1) * SHIFT_MS),
            pages: perShift[worst],
          },
    shiftsOverLimit,
    exceedsLimit: shiftsOverLimit > 0,
  };
}

/** Whether `a` ranks before `b`: the larger count, then code-unit order. */
function countsBefore(a: [string, number], b: [string, number]): boolean {
  return a[1] > b[1] || (a[1] === b[1] && compareCodeUnits(a[0], b[0]) < 0);
}

/**
 * The `n` largest counts, largest first (ties in code-unit order). For a
 * small `n` one pass keeps them in place (a group's tree has thousands of
 * entities per team, of which three are shown); otherwise every entry is
 * sorted.
 */
function topCounts(
  counts: ReadonlyMap<string, number>,
  n: number,
): Array<[string, number]> {
  if (n <= 0) {
    return [];
  }
  if (n > 16) {
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]))
      .slice(0, n);
  }
  const top: Array<[string, number]> = [];
  for (const entry of counts) {
    if (top.length === n && !countsBefore(entry, top[n - 1])) {
      continue;
    }
    let i = top.length === n ? n - 1 : top.length;
    while (i > 0 && countsBefore(entry, top[i - 1])) {
      top[i] = top[i - 1];
      i -= 1;
    }
    top[i] = entry;
  }
  return top;
}

/**
 * The long-tail share: the fraction of events outside the `topN` largest
 * categories (default 3). Events without a category are long tail and never
 * part of the head. Ties for the last place in the head do not change the
 * share; the head lists the alphabetically first of them. Null share when
 * there are no events.
 *
 * @public
 */
export function longTailShare(
  events: ReadonlyArray<Pick<SupportEvent, 'category'>>,
  topN: number = DEFAULT_TOP_CATEGORIES,
): SupportLongTail {
  const perCategory = new Map<string, number>();
  let uncategorised = 0;
  for (const event of events) {
    if (event.category === undefined) {
      uncategorised += 1;
    } else {
      perCategory.set(
        event.category,
        (perCategory.get(event.category) ?? 0) + 1,
      );
    }
  }
  const head = topCounts(perCategory, Math.max(0, Math.floor(topN)));
  const inHead = head.reduce((sum, [, count]) => sum + count, 0);
  const total = events.length;
  return {
    topN,
    topCategories: head.map(([category, count]) => ({ category, count })),
    total,
    longTail: total - inHead,
    uncategorised,
    share: total === 0 ? null : (total - inHead) / total,
  };
}

/**
 * Options for {@link supportWeekFigures}.
 *
 * @public
 */
export interface SupportWeekFiguresOptions {
  /** The entity; events of other entities are ignored. */
  entityRef: string;
  /** The week, e.g. `supportWeekOf(now)`. */
  week: SupportWeek;
  now: SupportInstant;
  /** N of the long-tail share. Default 3. */
  topCategories?: number;
}

/**
 * The support-load figures of one entity in one ISO week: events opened in
 * the week per kind, the median time to resolve, pages per on-call shift, the
 * manual exceptions and the long-tail share.
 *
 * @public
 */
export function supportWeekFigures(
  events: ReadonlyArray<SupportEvent>,
  options: SupportWeekFiguresOptions,
): SupportWeekFigures {
  const entityRef = options.entityRef.toLocaleLowerCase('en-US');
  const startMs = toMillis(options.week.start);
  const endMs = startMs + WEEK_MS;
  const nowMs = toMillis(options.now);
  const ofEntity = events.filter(e => e.entityRef === entityRef);
  const inWeek = openedIn(ofEntity, startMs, endMs);
  const counts = countSupportEventsByKind(inWeek);
  const exceptions = inWeek.filter(e => e.kind === 'manual-exception');
  const resolvedCount = inWeek.filter(e => resolvedBy(e, nowMs)).length;
  return {
    entityRef,
    week: options.week,
    complete: nowMs >= endMs,
    counts,
    total: inWeek.length,
    medianTimeToResolveSeconds: medianTimeToResolveSeconds(inWeek, options.now),
    resolvedCount,
    pages: pageShiftFigures(inWeek, options.week, options.now),
    manualExceptions: {
      count: exceptions.length,
      open: exceptions.filter(e => !resolvedBy(e, nowMs)).length,
    },
    longTail: longTailShare(inWeek, options.topCategories),
  };
}

/**
 * Options for {@link supportTrend}.
 *
 * @public
 */
export interface SupportTrendOptions {
  now: SupportInstant;
  /** Only this entity's events; all given events when left out. */
  entityRef?: string;
  /** How many complete weeks to compare with. Default 12. */
  weeks?: number;
  /**
   * When data collection began. Weeks that began before it are not covered:
   * their counts are null and they are left out of the median, rather than
   * counted as weeks without load.
   */
  dataSince?: SupportInstant;
}

function trendWeek(
  events: ReadonlyArray<SupportEvent>,
  openedMs: ReadonlyArray<number>,
  week: SupportWeek,
  sinceMs: number | undefined,
): SupportTrendWeek {
  const startMs = toMillis(week.start);
  if (sinceMs !== undefined && startMs < sinceMs) {
    return { week, counts: null, total: null };
  }
  const inWeek = openedIn(events, startMs, startMs + WEEK_MS, openedMs);
  return {
    week,
    counts: countSupportEventsByKind(inWeek),
    total: inWeek.length,
  };
}

/**
 * This week's counts per kind against the median of the last complete weeks
 * (12 by default: the 12 weeks before the week holding `now`). Each kind's
 * median, and the total's, is taken over the weekly counts on its own; a
 * covered week without events counts as 0. Nearest-rank median (see
 * {@link nearestRankMedian}): always a whole number of events that some week
 * really had.
 *
 * @public
 */
export function supportTrend(
  events: ReadonlyArray<SupportEvent>,
  options: SupportTrendOptions,
): SupportTrend {
  const entityRef = options.entityRef?.toLocaleLowerCase('en-US');
  const selected =
    entityRef === undefined
      ? events
      : events.filter(e => e.entityRef === entityRef);
  const sinceMs =
    options.dataSince === undefined ? undefined : toMillis(options.dataSince);
  const current = supportWeekOf(options.now);
  // Parsed once for all the weeks.
  const openedMs = selected.map(e => toMillis(e.openedAt));
  const weeks = supportWeeksBefore(
    current,
    options.weeks ?? DEFAULT_TREND_WEEKS,
  ).map(week => trendWeek(selected, openedMs, week, sinceMs));
  const thisWeek = trendWeek(selected, openedMs, current, undefined);

  const median = {} as SupportKindFigures;
  const difference = {} as SupportKindFigures;
  for (const key of [...SUPPORT_EVENT_KINDS, 'total'] as const) {
    const values: number[] = [];
    for (const w of weeks) {
      const value = key === 'total' ? w.total : w.counts?.[key] ?? null;
      if (value !== null) {
        values.push(value);
      }
    }
    const m = nearestRankMedian(values);
    const now = key === 'total' ? thisWeek.total : thisWeek.counts?.[key];
    median[key] = m;
    difference[key] =
      m === null || now === null || now === undefined ? null : now - m;
  }
  return { weeks, thisWeek, median, difference };
}

/**
 * Options for {@link rankSupportConsumers}.
 *
 * @public
 */
export interface SupportConsumerRankingOptions {
  /** Only events concerning these entities; all given events when left out. */
  entityRefs?: Iterable<string>;
  /** Only events opened at or after this moment. */
  from?: SupportInstant;
  /** Only events opened before this moment. */
  to?: SupportInstant;
  /** How many of the most loaded entities to list per team. Default 3. */
  topEntities?: number;
}

/**
 * Ranks the consuming teams by the load they put on a set of entities. Every
 * event weighs 1, whatever its kind. Events without a consumer are grouped
 * under {@link UNKNOWN_CONSUMER} and ranked like any team. Order: most load
 * first, then by ref.
 *
 * @public
 */
export function rankSupportConsumers(
  events: ReadonlyArray<SupportEvent>,
  options: SupportConsumerRankingOptions = {},
): SupportConsumerLoad[] {
  const entities = options.entityRefs
    ? new Set([...options.entityRefs].map(r => r.toLocaleLowerCase('en-US')))
    : undefined;
  const fromMs =
    options.from === undefined ? -Infinity : toMillis(options.from);
  const toMs = options.to === undefined ? Infinity : toMillis(options.to);
  const selected = openedIn(events, fromMs, toMs).filter(
    e => !entities || entities.has(e.entityRef),
  );
  return rankSupportConsumerCounts(
    selected.map(e => ({
      consumerRef: e.consumerRef ?? UNKNOWN_CONSUMER,
      entityRef: e.entityRef,
      kind: e.kind,
      count: 1,
    })),
    { topEntities: options.topEntities },
  );
}

/**
 * How many events of one kind one consuming team raised on one entity (a
 * team without a ref is {@link UNKNOWN_CONSUMER}).
 *
 * @public
 */
export interface SupportConsumerCount {
  consumerRef: string;
  entityRef: string;
  kind: SupportEventKind;
  count: number;
}

/**
 * {@link rankSupportConsumers} over counts already made (by the database,
 * grouped by team, entity and kind): the same ranking, without the events.
 * It is {@link rankSupportConsumerTotals} with each team's
 * {@link topEntitiesByConsumer}.
 *
 * @public
 */
export function rankSupportConsumerCounts(
  counts: ReadonlyArray<SupportConsumerCount>,
  options: { topEntities?: number } = {},
): SupportConsumerLoad[] {
  const top = topEntitiesByConsumer(counts, options.topEntities);
  return rankSupportConsumerTotals(counts).map(load => ({
    ...load,
    topEntities: top.get(load.consumerRef) ?? [],
  }));
}

/**
 * How many events of one kind one consuming team raised over all the
 * entities considered (a team without a ref is {@link UNKNOWN_CONSUMER}).
 *
 * @public
 */
export interface SupportConsumerKindCount {
  consumerRef: string;
  kind: SupportEventKind;
  count: number;
}

/**
 * The teams ranked by their load, most first (ties by ref), with their
 * counts per kind and their share of all the events counted: the ranking of
 * {@link rankSupportConsumerCounts} without the entities, so that a group
 * view can rank every team from a few rows per team and read the entities
 * of only the teams it shows. Rows of the same team and kind add up.
 *
 * @public
 */
export function rankSupportConsumerTotals(
  counts: ReadonlyArray<SupportConsumerKindCount>,
): Array<Omit<SupportConsumerLoad, 'topEntities'>> {
  const byConsumer = new Map<string, SupportKindCounts>();
  let all = 0;
  for (const row of counts) {
    let kinds = byConsumer.get(row.consumerRef);
    if (!kinds) {
      kinds = emptyCounts();
      byConsumer.set(row.consumerRef, kinds);
    }
    kinds[row.kind] += row.count;
    all += row.count;
  }
  return [...byConsumer.entries()]
    .map(([consumerRef, kinds]) => {
      const total = SUPPORT_EVENT_KINDS.reduce((sum, k) => sum + kinds[k], 0);
      return { consumerRef, counts: kinds, total, share: total / all };
    })
    .sort(
      (a, b) =>
        b.total - a.total || compareCodeUnits(a.consumerRef, b.consumerRef),
    );
}

/**
 * The entities each team loads most, largest first (ties alphabetical), at
 * most `n` per team (default 3), keyed by team. Rows of the same team and
 * entity add up (kinds, or chunks of entities counted apart).
 *
 * @public
 */
export function topEntitiesByConsumer(
  counts: ReadonlyArray<
    Pick<SupportConsumerCount, 'consumerRef' | 'entityRef' | 'count'>
  >,
  n: number = DEFAULT_TOP_ENTITIES,
): Map<string, Array<{ entityRef: string; count: number }>> {
  const perConsumer = new Map<string, Map<string, number>>();
  for (const row of counts) {
    let perEntity = perConsumer.get(row.consumerRef);
    if (!perEntity) {
      perEntity = new Map();
      perConsumer.set(row.consumerRef, perEntity);
    }
    perEntity.set(
      row.entityRef,
      (perEntity.get(row.entityRef) ?? 0) + row.count,
    );
  }
  return topEntitiesPerConsumer(perConsumer, n);
}

/**
 * {@link topEntitiesByConsumer} from counts already added up per team and
 * entity (team → entity → count).
 *
 * @public
 */
export function topEntitiesPerConsumer(
  perConsumer: ReadonlyMap<string, ReadonlyMap<string, number>>,
  n: number = DEFAULT_TOP_ENTITIES,
): Map<string, Array<{ entityRef: string; count: number }>> {
  const out = new Map<string, Array<{ entityRef: string; count: number }>>();
  for (const [consumerRef, perEntity] of perConsumer) {
    out.set(
      consumerRef,
      topCounts(perEntity, n).map(([entityRef, count]) => ({
        entityRef,
        count,
      })),
    );
  }
  return out;
}
