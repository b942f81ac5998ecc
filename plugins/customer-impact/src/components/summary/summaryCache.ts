import {
  CustomerImpactApi,
  EntityCustomerImpactSummary,
} from '@customer-impact/plugin-customer-impact-common';

/**
 * The one summary loader of an entity page.
 *
 * Every card of the plugin (banner, deprecation, SLOs, support load, journeys
 * and the SLO tab) shows one facet of the same `GET /v1/entities/...`
 * summary. They share one request through this cache instead of fetching the
 * whole summary each.
 *
 * Why a module-level cache and not a React provider: in the legacy frontend
 * system the cards are placed anywhere in an app's `EntityPage`, with no
 * provider of ours around them; in the new frontend system each card is its
 * own extension, loaded lazily, so they mount at different moments. A cache
 * keyed by the API instance (a `WeakMap`, so each app, and each test with its
 * own mock API, has its own) and by entity ref works in both.
 *
 * - Requests in flight are shared: every card mounting while one runs waits
 *   for it.
 * - A loaded summary is reused for {@link SUMMARY_TTL_MS}, so that cards whose
 *   code arrives a moment later, and switching between the entity's tabs,
 *   ask no second time. Once that has passed, the next card to mount loads it
 *   again (and shows its progress, as before).
 * - A failed request is never reused: the next card to mount asks again.
 * - {@link invalidateEntitySummary} drops what is cached after anything that
 *   changes the figures (an "I'm stuck here" or "Done" answer, an SLO
 *   refresh); the cards on screen load it again and keep showing the old
 *   figures until the new ones arrive.
 */
export const SUMMARY_TTL_MS = 30_000;

/** What a card sees of the summary of its entity. */
export interface SummarySnapshot {
  loading: boolean;
  value?: EntityCustomerImpactSummary;
  error?: Error;
}

class SummaryEntry {
  snapshot: SummarySnapshot = { loading: true };
  /** When the value arrived (ms); 0 when there is none to reuse. */
  loadedAt = 0;
  inFlight: Promise<void> | undefined;
  /** Bumped on invalidation, so that an answer of an older request is dropped. */
  generation = 0;
  readonly listeners = new Set<(snapshot: SummarySnapshot) => void>();

  constructor(
    private readonly api: CustomerImpactApi,
    private readonly entityRef: string,
  ) {}

  isFresh(now: number): boolean {
    return (
      this.snapshot.value !== undefined && now - this.loadedAt < SUMMARY_TTL_MS
    );
  }

  private set(snapshot: SummarySnapshot) {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }

  /** Starts a request unless one is running; keeps the old value meanwhile. */
  load(): void {
    if (this.inFlight) return;
    const generation = this.generation;
    this.set({ loading: true, value: this.snapshot.value });
    this.inFlight = this.api.getEntitySummary(this.entityRef).then(
      value => {
        if (generation !== this.generation) return;
        this.inFlight = undefined;
        this.loadedAt = Date.now();
        this.set({ loading: false, value });
      },
      error => {
        if (generation !== this.generation) return;
        this.inFlight = undefined;
        this.loadedAt = 0;
        this.set({
          loading: false,
          error: error instanceof Error ? error : new Error(String(error)),
        });
      },
    );
  }

  /** Forgets the cached value; reloads now when a card shows it. */
  invalidate(): void {
    this.generation += 1;
    this.inFlight = undefined;
    this.loadedAt = 0;
    if (this.listeners.size > 0) {
      this.load();
    } else {
      this.snapshot = { loading: true };
    }
  }
}

const caches = new WeakMap<CustomerImpactApi, Map<string, SummaryEntry>>();

function cacheOf(api: CustomerImpactApi): Map<string, SummaryEntry> {
  let cache = caches.get(api);
  if (!cache) {
    cache = new Map();
    caches.set(api, cache);
  }
  return cache;
}

/**
 * The cache entry of one entity. An entry that nobody shows and that holds no
 * fresh value is started anew, so that a page opened later shows its
 * progress and fresh figures as it did before the cache existed.
 */
export function summaryEntry(
  api: CustomerImpactApi,
  entityRef: string,
): SummaryEntry {
  const cache = cacheOf(api);
  const now = Date.now();
  let entry = cache.get(entityRef);
  if (
    entry &&
    entry.listeners.size === 0 &&
    !entry.inFlight &&
    !entry.isFresh(now)
  ) {
    cache.delete(entityRef);
    entry = undefined;
  }
  if (!entry) {
    // Drop other stale entries nobody shows, so the cache stays small.
    for (const [ref, other] of cache) {
      if (
        other.listeners.size === 0 &&
        !other.inFlight &&
        !other.isFresh(now)
      ) {
        cache.delete(ref);
      }
    }
    entry = new SummaryEntry(api, entityRef);
    cache.set(entityRef, entry);
  }
  return entry;
}

/**
 * Makes the cards load the summary again: of one entity, or (without
 * `entityRef`) of every entity, e.g. after a journey answer that changes the
 * figures shown on the pages of the entities its steps go through.
 */
export function invalidateEntitySummary(
  api: CustomerImpactApi,
  entityRef?: string,
): void {
  const cache = caches.get(api);
  if (!cache) return;
  for (const [ref, entry] of [...cache]) {
    if (entityRef !== undefined && ref !== entityRef) continue;
    if (entry.listeners.size > 0) {
      entry.invalidate();
    } else {
      cache.delete(ref);
    }
  }
}
