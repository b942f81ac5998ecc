import { LoggerService } from '@backstage/backend-plugin-api';

/** How long a listing of the entities with SLOs is used before the next. */
export const ENTITIES_WITH_SLOS_MAX_AGE_MS = 60_000;

/**
 * Which entities had stored SLO definitions when last listed: the hint by
 * which the summary route starts the SLO facet's reads of an entity before
 * the catalog has answered for it (`SloService.prefetch`). The list is read
 * again at most once per `maxAgeMs`, in the background, and grows as
 * summaries read definitions. A stale answer costs a read started for
 * nothing, or one not started early; never a figure, which `getFacet`
 * computes from what it reads itself.
 */
export class EntitiesWithSlos {
  /** By lower-case ref, the ref as stored (its case is the memo key's). */
  private refs = new Map<string, string>();
  private listedAt = -Infinity;
  private listing: Promise<void> | undefined;

  constructor(
    private readonly options: {
      list: () => Promise<string[]>;
      nowMs: () => number;
      logger?: LoggerService;
      maxAgeMs?: number;
    },
  ) {}

  /**
   * The entity's ref as its definitions are stored under, when it had
   * some at the last listing; undefined otherwise. Starts a new listing
   * when the last one is too old.
   */
  storedRefOf(entityRef: string): string | undefined {
    const { nowMs, maxAgeMs = ENTITIES_WITH_SLOS_MAX_AGE_MS } = this.options;
    if (!this.listing && nowMs() - this.listedAt >= maxAgeMs) {
      this.listing = this.options
        .list()
        .then(
          refs => {
            this.refs = new Map(refs.map(ref => [lower(ref), ref]));
          },
          error => {
            this.options.logger?.debug(
              `Could not list the entities with SLOs: ${error}`,
            );
          },
        )
        .finally(() => {
          this.listedAt = nowMs();
          this.listing = undefined;
        });
    }
    return this.refs.get(lower(entityRef));
  }

  /** Records an entity whose definitions were just read. */
  add(entityRef: string) {
    this.refs.set(lower(entityRef), entityRef);
  }

  /** Resolves when the listing under way, if any, is done (tests). */
  async settled(): Promise<void> {
    await this.listing;
  }
}

function lower(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}
