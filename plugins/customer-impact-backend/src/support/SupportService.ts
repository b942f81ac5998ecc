import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_GITHUB_PROJECT_SLUG,
  ANNOTATION_PAGERDUTY_SERVICE_ID,
  DEFAULT_TREND_WEEKS,
  GroupSupportConsumers,
  SupportEventList,
  SupportLoadFacet,
  SupportLoadWindow,
  SupportPushResult,
  SUPPORT_HOW_TO,
  FacetContribution,
  FacetQuantity,
  StoredSupportEvent,
  DEFAULT_TOP_CATEGORIES,
  countSupportEventsByKind,
  UNKNOWN_CONSUMER,
  longTailShare,
  medianTimeToResolveSeconds,
  parseSupportEventBatchInSlices,
  rankSupportConsumerTotals,
  SupportConsumerKindCount,
  supportTrend,
  supportWeekFigures,
  supportWeekOf,
  supportWeeksBefore,
  assertNoFutureTimestamps,
  topEntitiesPerConsumer,
} from '@customer-impact/plugin-customer-impact-common';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { createHash } from 'crypto';
import {
  UnknownEntityRefsCheck,
  everyEntityKnown,
} from '../service/unknownEntities';
import {
  WRITE_PARTS,
  WriteVersions,
  writePartOf,
} from '../database/writeVersion';
import { yieldToEventLoop } from '../database/yieldToEventLoop';
import {
  addEntityCount,
  addKindCount,
  ConsumerEntityCount,
  ConsumerEvent,
  ConsumerKindCount,
  keepLatest,
  SupportEventRecord,
  SupportStore,
} from './SupportStore';
import { sortedLowerCaseRefs } from '../service/refs';
import { keptOrComputed } from '../service/trimOldest';
import { EntityReader, SummaryScope } from '../facets/SummaryScope';

/** The refs of the entities a group owns (its `ownerOf` relations), lower case. */
export function ownedEntityRefsOf(group: Entity): string[] {
  return [
    ...new Set(
      (group.relations ?? [])
        .filter(r => r.type === 'ownerOf')
        .map(r => r.targetRef.toLocaleLowerCase('en-US')),
    ),
  ].sort();
}

/** Entity refs looked up at a time when deciding when collection began. */
const COVERAGE_LOOKUP_CHUNK = 50;

/** Events read at a time when deciding when collection began. */
const COVERAGE_LOOKUP_ROWS = 200;

/** The entity's first event and the store's first page of events. */
interface FirstEvents {
  ownEarliest: string | null;
  page: Array<{ entityRef: string; openedAt: string }>;
}

/** How many recent events of a consuming team the group ranking links to. */
const RECENT_PER_CONSUMER = 3;
/** How many of a consuming team's entities the group ranking names. */
const TOP_ENTITIES_PER_CONSUMER = 3;

/** Where a page of the group ranking starts: after this consuming team. */
export interface ConsumerCursor {
  total: number;
  consumerRef: string;
}

/** Encodes where the next page of consuming teams starts (opaque to clients). */
export function encodeConsumerCursor(cursor: ConsumerCursor): string {
  return Buffer.from(
    JSON.stringify([cursor.total, cursor.consumerRef]),
  ).toString('base64url');
}

/** Decodes a `cursor` query parameter; InputError naming it when it is not one of ours. */
export function decodeConsumerCursor(raw: string): ConsumerCursor {
  try {
    const [total, consumerRef] = JSON.parse(
      Buffer.from(raw, 'base64url').toString('utf8'),
    );
    if (
      Number.isSafeInteger(total) &&
      total >= 0 &&
      typeof consumerRef === 'string'
    ) {
      return { total, consumerRef };
    }
  } catch {
    // fall through
  }
  throw new InputError(
    'cursor: not a cursor this API returned; pass page.nextCursor unchanged',
  );
}

/** Whether a team ranks after the cursor (most load first, then by ref). */
function isAfter(
  load: { total: number; consumerRef: string },
  cursor: ConsumerCursor,
): boolean {
  return (
    load.total < cursor.total ||
    (load.total === cursor.total && load.consumerRef > cursor.consumerRef)
  );
}

/** Rankings of {@link SupportService.getGroupConsumers} kept in memory. */
const RANKINGS_KEPT = 32;

/**
 * Counts of the group ranking for one part of a group's entities (see
 * `writePartOf`) kept in memory: those of the entities of the parts a push
 * did not touch are not counted again. The latest {@link PART_COUNTS_KEPT}:
 * every part of 16 sets of entities (a tree of 10,000 entities and 90 teams
 * keeps about 10,000 counts in all, at most 630 a part).
 */
const PART_COUNTS_KEPT = 16 * WRITE_PARTS;

/** What the database counted of some entities for the group ranking. */
interface ConsumerCounts {
  kinds: ConsumerKindCount[];
  entities: ConsumerEntityCount[];
}

/**
 * A key for answers kept in memory: `facts` (JSON) and the entity refs they
 * were computed over, hashed (a tree's refs would make a long key).
 */
function keptKey(facts: unknown[], entityRefs: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(facts));
  for (const ref of entityRefs) {
    hash.update('\n');
    hash.update(ref);
  }
  return hash.digest('base64');
}

/** What a group ranking depends on, as one key. */
function rankingKey(
  writeVersion: string,
  groupRef: string,
  from: string,
  page: { limit: number; after?: ConsumerCursor },
  ownedEntityRefs: readonly string[],
): string {
  return keptKey(
    [
      writeVersion,
      groupRef,
      from,
      page.limit,
      page.after?.total ?? null,
      page.after?.consumerRef ?? null,
    ],
    ownedEntityRefs,
  );
}

/** The support-load facet: pushes, the summary figures, recent events and the group ranking. */
export class SupportService {
  private readonly rankings = new Map<
    string,
    Omit<GroupSupportConsumers, 'window' | 'ownership'>
  >();
  private readonly partCounts = new Map<string, ConsumerCounts>();
  private readonly store: SupportStore;
  private readonly catalog?: CatalogService;
  private readonly now: () => Date;
  private readonly hashRequester?: (requester: string) => string;

  /**
   * `catalog` decides which stored entity refs exist (events about an entity
   * the catalog does not have count in no figure); without it (unit tests)
   * every stored ref counts.
   */
  constructor(options: {
    store: SupportStore;
    catalog?: CatalogService;
    now?: () => Date;
    /**
     * The journeys' keyed hash of a person id: an event's `requester` is
     * stored only through it. Without it, pushes naming a requester are
     * refused.
     */
    hashRequester?: (requester: string) => string;
  }) {
    this.store = options.store;
    this.catalog = options.catalog;
    this.now = options.now ?? (() => new Date());
    this.hashRequester = options.hashRequester;
  }

  /**
   * Starts the reads {@link getFacet} makes first for `entityRef` at `now`
   * (see `CustomerImpactFacet.prefetch`): its events, its last update and
   * when collection began, into the summary's scope.
   */
  prefetch(entityRef: string, now: Date, scope: SummaryScope) {
    const ref = entityRef.toLocaleLowerCase('en-US');
    const handled = () => undefined;
    this.eventsSince(ref, new Date(this.window(now).from), scope).catch(
      handled,
    );
    this.lastUpdatedOf(ref, scope).catch(handled);
    if (this.catalog) {
      this.firstEventsOf(ref, scope).catch(handled);
    }
  }

  private firstEventsOf(
    own: string,
    scope: SummaryScope | undefined,
  ): Promise<FirstEvents> {
    const read = () => this.firstEvents(own);
    return scope ? scope.memo(`support-first:${own}`, read) : read();
  }

  /**
   * The database's part of `collectionStart`, read while the entity's events
   * are: its own first event, and the first events of the store.
   */
  private firstEvents(own: string): Promise<FirstEvents> {
    return Promise.all([
      this.store.earliestOpenedAt([own]),
      this.store.earliestEvents({ excluding: [], limit: COVERAGE_LOOKUP_ROWS }),
    ]).then(([ownEarliest, page]) => ({ ownEarliest, page }));
  }

  /**
   * When collection began: the week of the earliest event of an entity the
   * catalog has (as the caller sees it). `own` is the entity being
   * summarised, which exists; only entities with an earlier event are looked
   * up, earliest first, a few at a time.
   */
  private async collectionStart(
    own: string,
    credentials: BackstageCredentials | undefined,
    reader: EntityReader | undefined,
    first: Promise<FirstEvents> = this.firstEvents(own),
  ): Promise<string | null> {
    if (!reader || !credentials) {
      return this.store.earliestOpenedAt();
    }
    const { ownEarliest, page } = await first;
    // Walk the events opened before the entity's own first one, earliest
    // first, from the start of the `opened_at` index: the first whose entity
    // the caller can see decides. Entities looked up already are left out
    // of the next read, so each read brings new ones. The first read is the
    // store's first page: when it reaches the entity's own first event (or
    // the end), it holds every event before it.
    const before = ownEarliest ? new Date(ownEarliest) : undefined;
    const isBefore = (row: { openedAt: string }) =>
      !before || Date.parse(row.openedAt) < before.getTime();
    let rows = page.filter(isBefore);
    let complete = rows.length < COVERAGE_LOOKUP_ROWS;
    const checked: string[] = [];
    for (;;) {
      if (rows.length === 0) {
        return ownEarliest;
      }
      const earliest = new Map<string, string>();
      for (const row of rows) {
        if (!earliest.has(row.entityRef)) {
          earliest.set(row.entityRef, row.openedAt);
        }
      }
      const candidates = [...earliest.entries()];
      for (let i = 0; i < candidates.length; i += COVERAGE_LOOKUP_CHUNK) {
        const chunk = candidates.slice(i, i + COVERAGE_LOOKUP_CHUNK);
        const { items } = await reader.getEntitiesByRefs(
          {
            entityRefs: chunk.map(([ref]) => ref),
            fields: ['kind', 'metadata.namespace', 'metadata.name'],
          },
          { credentials },
        );
        const found = chunk.find((_, j) => items[j]);
        if (found) {
          return found[1];
        }
      }
      if (complete) {
        return ownEarliest;
      }
      checked.push(...earliest.keys());
      rows = await this.store.earliestEvents({
        before,
        excluding: checked,
        limit: COVERAGE_LOOKUP_ROWS,
      });
      complete = rows.length < COVERAGE_LOOKUP_ROWS;
    }
  }

  /**
   * Validates a push as a whole (InputError naming index and field; no
   * timestamp more than 10 minutes after now) and writes it in one
   * transaction. The refs the catalog does not have (`check`) are listed in
   * the answer; their events are stored all the same.
   */
  async push(
    body: unknown,
    check: UnknownEntityRefsCheck = everyEntityKnown,
  ): Promise<SupportPushResult> {
    const now = this.now();
    // In slices, letting other requests run between them (the event loop is
    // the backend's, shared with every plugin).
    const events = await parseSupportEventBatchInSlices(body, yieldToEventLoop);
    assertNoFutureTimestamps(events, {
      listName: 'events',
      fields: ['openedAt', 'resolvedAt'],
      now,
    });
    const unknownEntityRefs = await check(
      events.flatMap(e =>
        e.consumerRef ? [e.entityRef, e.consumerRef] : [e.entityRef],
      ),
    );
    // The requester of an event (a person) is stored only as the journeys'
    // keyed hash, as journey subjects are.
    const records = events.map(
      ({ requester, ...event }): SupportEventRecord => {
        if (requester === undefined) {
          return event;
        }
        if (!this.hashRequester) {
          throw new ServiceUnavailableError(
            'Support events with a requester are refused: the journeys are not installed with a subject hash secret (customerImpact.journeys.subjectHashSecret)',
          );
        }
        return { ...event, requesterHash: this.hashRequester(requester) };
      },
    );
    const counts = await this.store.upsertEvents(records, now);
    return { ...counts, unknownEntityRefs };
  }

  private window(now: Date): SupportLoadWindow {
    const thisWeek = supportWeekOf(now);
    const weeks = supportWeeksBefore(thisWeek, DEFAULT_TREND_WEEKS);
    return {
      from: weeks[0].start,
      to: now.toISOString(),
      weeks: DEFAULT_TREND_WEEKS,
      thisWeek,
    };
  }

  /**
   * The support-load facet of an entity's summary. With `credentials`, the
   * weeks covered are decided over the entities the caller can see.
   */
  async getFacet(
    entity: Entity,
    now: Date = this.now(),
    credentials?: BackstageCredentials,
    /** The summary this is part of: related entities and events read once. */
    scope?: SummaryScope,
  ): Promise<SupportLoadFacet> {
    const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    const window = this.window(now);
    const reader = this.catalog ? scope ?? this.catalog : undefined;
    // When collection began is read beside the events (used when there are
    // some): the summary waits for one round trip instead of three.
    const first =
      reader && credentials ? this.firstEventsOf(entityRef, scope) : undefined;
    first?.catch(() => undefined);
    const [events, lastUpdatedAt] = await Promise.all([
      this.eventsSince(entityRef, new Date(window.from), scope),
      this.lastUpdatedOf(entityRef, scope),
    ]);

    if (events.length === 0) {
      const annotations = entity.metadata.annotations ?? {};
      const annotated = [
        ANNOTATION_PAGERDUTY_SERVICE_ID,
        ANNOTATION_GITHUB_PROJECT_SLUG,
      ].filter(a => annotations[a]);
      if (lastUpdatedAt === null && annotated.length === 0) {
        return {
          status: 'not-configured',
          howTo: SUPPORT_HOW_TO,
          lastUpdatedAt: null,
        };
      }
      return {
        status: 'no-data',
        reason:
          lastUpdatedAt === null
            ? `No support event recorded yet; the entity has ${annotated.join(
                ' and ',
              )}, so a pull module will record its events once it is configured and has run.`
            : `No support event opened in the last ${DEFAULT_TREND_WEEKS} weeks or this week.`,
        window,
        lastUpdatedAt,
      };
    }

    // Collection began in the week of the first event stored about an
    // entity the catalog has: weeks before it are "not covered" (left out of
    // the median), not weeks of 0.
    const earliest = await this.collectionStart(
      entityRef,
      credentials,
      reader,
      first,
    );
    const dataSince = earliest ? supportWeekOf(earliest).start : undefined;
    return {
      status: 'ok',
      window,
      lastUpdatedAt: lastUpdatedAt ?? now.toISOString(),
      sources: [...new Set(events.map(e => e.source))].sort(),
      thisWeek: supportWeekFigures(events, {
        entityRef,
        week: window.thisWeek,
        now,
      }),
      trend: supportTrend(events, { now, entityRef, dataSince }),
      longTail: longTailShare(events),
      medianTimeToResolveSeconds: medianTimeToResolveSeconds(events, now),
      resolvedCount: events.filter(
        e =>
          e.resolvedAt !== undefined &&
          Date.parse(e.resolvedAt) <= now.getTime(),
      ).length,
    };
  }

  /**
   * Pages, escalations, manual exceptions and tickets a week opened on the
   * entity in `[from, to)`, for cross-facet views. An entity without any
   * event in the window has no data: nothing measured is not a 0.
   */
  async getContribution(
    entity: Entity,
    window: { from: Date; to: Date },
    /** The summary this is part of: its events are reused when they cover the window. */
    scope?: SummaryScope,
  ): Promise<FacetContribution> {
    const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    const w = { from: window.from.toISOString(), to: window.to.toISOString() };
    // The summary (ending at the same `to`) read the events since the start
    // of its trend; when that covers this window, they are filtered here.
    const summaryFrom = new Date(this.window(window.to).from);
    const from =
      scope && summaryFrom.getTime() <= window.from.getTime()
        ? summaryFrom
        : window.from;
    const events = (await this.eventsSince(entityRef, from, scope)).filter(
      e =>
        Date.parse(e.openedAt) >= window.from.getTime() &&
        Date.parse(e.openedAt) < window.to.getTime(),
    );
    if (events.length === 0) {
      const everRecorded = await this.lastUpdatedOf(entityRef, scope);
      return {
        facet: 'supportLoad',
        status: everRecorded === null ? 'not-configured' : 'no-data',
        quantities: [],
        window: w,
        reason: `No support event opened between ${w.from} and ${w.to}.`,
      };
    }
    const weeks =
      (window.to.getTime() - window.from.getTime()) / (7 * 24 * 3600 * 1000);
    const byConsumer = new Map<string, StoredSupportEvent[]>();
    for (const e of events) {
      const team = e.consumerRef ?? UNKNOWN_CONSUMER;
      const theirs = byConsumer.get(team);
      if (theirs) {
        theirs.push(e);
      } else {
        byConsumer.set(team, [e]);
      }
    }
    return {
      facet: 'supportLoad',
      status: 'ok',
      window: w,
      quantities: perWeekQuantities(events, weeks),
      consumers: [...byConsumer.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([consumerRef, theirs]) => ({
          consumerRef,
          quantities: perWeekQuantities(theirs, weeks),
          categories: topCategories(theirs, DEFAULT_TOP_CATEGORIES),
        })),
    };
  }

  /** The entity's events opened at or after `from`, oldest first (read once per summary). */
  private eventsSince(
    entityRef: string,
    from: Date,
    scope: SummaryScope | undefined,
  ): Promise<StoredSupportEvent[]> {
    const read = () =>
      this.store.listEvents({ entityRefs: [entityRef], openedFrom: from });
    return scope
      ? scope.memo(`support-events:${entityRef}:${from.toISOString()}`, read)
      : read();
  }

  /** When an event of the entity last changed (read once per summary). */
  private lastUpdatedOf(
    entityRef: string,
    scope: SummaryScope | undefined,
  ): Promise<string | null> {
    const read = () => this.store.lastUpdatedAt([entityRef]);
    return scope ? scope.memo(`support-updated:${entityRef}`, read) : read();
  }

  /** Entities with events written after `since` (see `CustomerImpactFacet.changedSince`). */
  async changedSince(
    since: Date,
  ): Promise<Array<{ entityRef: string; from: Date }>> {
    return (await this.store.changedSince(since)).map(c => ({
      entityRef: c.entityRef,
      from: new Date(c.from),
    }));
  }

  async getRecentEvents(
    entity: Entity,
    limit: number,
  ): Promise<SupportEventList> {
    const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    const { events, total } = await this.store.recentEvents(entityRef, limit);
    return { entityRef, events, total };
  }

  /**
   * Ranks the consuming teams across the entities of the group's tree that
   * the caller may read (`owned`: the router decides them with the caller's
   * credentials, see `ownedEntityRefsForCaller`), and answers one page of
   * them, in two reads a few hundred entities a statement: every team's
   * counts per kind (counted by the database), then the events of the
   * page's teams only (no text), for their top entities and latest events,
   * whose text is read by id.
   *
   * An answer is kept in memory (the latest {@link RANKINGS_KEPT}) and given
   * again for the same group, entities, window start and page until a write
   * changes the support events: it is keyed by the store's write version,
   * which a write through any replica bumps.
   */
  async getGroupConsumers(
    group: Entity,
    owned: readonly string[],
    options: {
      limit: number;
      /** The page starts after this team. */
      after?: ConsumerCursor;
      ownership?: GroupSupportConsumers['ownership'];
    },
  ): Promise<GroupSupportConsumers> {
    const now = this.now();
    const window = this.window(now);
    const ownedEntityRefs = sortedLowerCaseRefs(owned);
    const groupRef = stringifyEntityRef(group).toLocaleLowerCase('en-US');
    const ownership = options.ownership ?? {
      source: 'catalog' as const,
      computedAt: null,
    };
    // The versions are read first: a write that lands while the ranking is
    // computed leaves it under the older version, which is not asked again.
    const versions = await this.store.writeVersions();
    const key = rankingKey(
      versions.all,
      groupRef,
      window.from,
      options,
      ownedEntityRefs,
    );
    const ranking = await keptOrComputed(
      this.rankings,
      key,
      RANKINGS_KEPT,
      () =>
        this.rankGroupConsumers(
          groupRef,
          ownedEntityRefs,
          new Date(window.from),
          versions,
          options,
        ),
    );
    return { ...ranking, window, ownership };
  }

  /**
   * The ranking's counts of `entityRefs` per part of them (`writePartOf`):
   * each part's as the database counted them (its teams' counts per kind,
   * and their entities with the most events: the top of all parts is among
   * the tops of each), kept in memory under the part's write counter, so
   * that after a push only the parts of its entities are counted again.
   */
  private async countsByPart(
    entityRefs: readonly string[],
    from: Date,
    versions: WriteVersions,
  ): Promise<ConsumerCounts[]> {
    const byPart = new Map<number, string[]>();
    for (const ref of entityRefs) {
      const part = writePartOf(ref);
      const refs = byPart.get(part) ?? [];
      refs.push(ref);
      byPart.set(part, refs);
    }
    const out: ConsumerCounts[] = [];
    for (const [part, refs] of [...byPart].sort((a, b) => a[0] - b[0])) {
      out.push(
        await keptOrComputed(
          this.partCounts,
          keptKey([versions.part(part), from.toISOString()], refs),
          PART_COUNTS_KEPT,
          async () => {
            const counts: ConsumerCounts = { kinds: [], entities: [] };
            await this.store.consumerCounts(
              refs,
              from,
              { top: TOP_ENTITIES_PER_CONSUMER },
              c => {
                counts.kinds.push(...c.kinds);
                counts.entities.push(...c.entities);
              },
            );
            return counts;
          },
        ),
      );
    }
    return out;
  }

  /** {@link SupportService.getGroupConsumers} computed from the store. */
  private async rankGroupConsumers(
    groupRef: string,
    ownedEntityRefs: string[],
    from: Date,
    versions: WriteVersions,
    options: { limit: number; after?: ConsumerCursor },
  ): Promise<Omit<GroupSupportConsumers, 'window' | 'ownership'>> {
    // 1. Every team's counts per kind and its entities with the most events,
    // counted by the database per part of the entities (kept for the parts
    // unchanged since); every team ranked from them.
    const kinds = new Map<string, SupportConsumerKindCount>();
    const perEntity = new Map<string, Map<string, number>>();
    const [parts, lastUpdatedAt] = await Promise.all([
      this.countsByPart(ownedEntityRefs, from, versions),
      this.store.lastUpdatedAt(ownedEntityRefs),
    ]);
    for (const counts of parts) {
      for (const c of counts.kinds) {
        addKindCount(kinds, {
          ...c,
          consumerRef: c.consumerRef ?? UNKNOWN_CONSUMER,
        });
      }
      for (const c of counts.entities) {
        addEntityCount(
          perEntity,
          c.consumerRef ?? UNKNOWN_CONSUMER,
          c.entityRef,
          c.count,
        );
      }
    }
    const ranked = rankSupportConsumerTotals([...kinds.values()]);
    const total = ranked.reduce((sum, c) => sum + c.total, 0);
    const after = options.after;
    const start = after ? ranked.findIndex(c => isAfter(c, after)) : 0;
    const rest = start < 0 ? [] : ranked.slice(start);
    const page = rest.slice(0, options.limit);
    const last = page[page.length - 1];

    // 2. The page's teams only: their latest events (those opened at or
    // after each team's RECENT_PER_CONSUMER-th latest instant, ties
    // included; cut below), found by the database.
    const latest = new Map<string, ConsumerEvent[]>();
    for (const c of page) {
      latest.set(c.consumerRef, []);
    }
    await this.store.consumerLatest(
      ownedEntityRefs,
      from,
      page.map(c =>
        c.consumerRef === UNKNOWN_CONSUMER ? null : c.consumerRef,
      ),
      { recent: RECENT_PER_CONSUMER },
      events => {
        for (const e of events) {
          const theirs = latest.get(e.consumerRef ?? UNKNOWN_CONSUMER);
          if (theirs) {
            keepLatest(theirs, e, RECENT_PER_CONSUMER);
          }
        }
      },
    );
    const top = topEntitiesPerConsumer(perEntity, TOP_ENTITIES_PER_CONSUMER);
    const recentIds = [...latest.values()].flatMap(list => list.map(e => e.id));
    const recent = await this.store.eventsByIds(recentIds);
    // The most recent first; ties as the events' order (opened, then id).
    const recentOf = new Map<string, StoredSupportEvent[]>();
    for (const e of recent.sort(
      (a, b) =>
        b.openedAt.localeCompare(a.openedAt) ||
        b.externalId.localeCompare(a.externalId),
    )) {
      const team = e.consumerRef ?? UNKNOWN_CONSUMER;
      const theirs = recentOf.get(team) ?? [];
      if (theirs.length < RECENT_PER_CONSUMER) {
        theirs.push(e);
      }
      recentOf.set(team, theirs);
    }
    const consumers = page.map(load => ({
      ...load,
      topEntities: top.get(load.consumerRef) ?? [],
      recentEvents: (recentOf.get(load.consumerRef) ?? []).map(e => ({
        source: e.source,
        externalId: e.externalId,
        entityRef: e.entityRef,
        kind: e.kind,
        openedAt: e.openedAt,
        ...(e.title ? { title: e.title } : {}),
        ...(e.url ? { url: e.url } : {}),
      })),
    }));
    return {
      groupRef,
      ownedEntityRefs,
      total,
      lastUpdatedAt: ownedEntityRefs.length > 0 ? lastUpdatedAt : null,
      consumers,
      page: {
        limit: options.limit,
        nextCursor:
          rest.length > options.limit && last
            ? encodeConsumerCursor({
                total: last.total,
                consumerRef: last.consumerRef,
              })
            : null,
        total: ranked.length,
      },
    };
  }

  /**
   * The entities owned by the group and by every group below it (its
   * `parentOf` relations, any depth), lower case and sorted: the groups are
   * read level by level with the caller's credentials, so a sub-group they
   * cannot see adds nothing.
   */
  static async ownedEntityRefsOfTree(
    group: Entity,
    catalog: Pick<CatalogService, 'getEntitiesByRefs'>,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const seen = new Set([
      stringifyEntityRef(group).toLocaleLowerCase('en-US'),
    ]);
    const owned = new Set(ownedEntityRefsOf(group));
    let level = [group];
    while (level.length > 0) {
      const children = [
        ...new Set(
          level.flatMap(g =>
            (g.relations ?? [])
              .filter(r => r.type === RELATION_PARENT_OF)
              .map(r => r.targetRef.toLocaleLowerCase('en-US')),
          ),
        ),
      ].filter(ref => !seen.has(ref));
      if (children.length === 0) {
        break;
      }
      children.forEach(ref => seen.add(ref));
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: children, fields: ['kind', 'metadata', 'relations'] },
        { credentials },
      );
      level = items.filter((e): e is Entity => Boolean(e));
      for (const child of level) {
        ownedEntityRefsOf(child).forEach(ref => owned.add(ref));
      }
    }
    return [...owned].sort();
  }
}

const PER_WEEK_LABELS = {
  page: 'pages a week',
  escalation: 'escalations a week',
  'manual-exception': 'manual exceptions a week',
  ticket: 'tickets a week',
} as const;

/** Events of each kind a week: the support facet's quantities. */
function perWeekQuantities(
  events: StoredSupportEvent[],
  weeks: number,
): FacetQuantity[] {
  const counts = countSupportEventsByKind(events);
  return (
    Object.keys(PER_WEEK_LABELS) as Array<keyof typeof PER_WEEK_LABELS>
  ).map(kind => ({
    id: `${kind}s-per-week`,
    label: PER_WEEK_LABELS[kind],
    quantity: counts[kind] / weeks,
    unit: 'per-week' as const,
  }));
}

/** The `n` categories with the most events (ties by name); uncategorised events are left out. */
function topCategories(
  events: StoredSupportEvent[],
  n: number,
): Array<{ category: string; count: number }> {
  const counts = new Map<string, number>();
  for (const e of events) {
    if (e.category) {
      counts.set(e.category, (counts.get(e.category) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category))
    .slice(0, n);
}
