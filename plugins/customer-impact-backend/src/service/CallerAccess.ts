import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { customerImpactEntityReadPermission } from '@customer-impact/plugin-customer-impact-common';
import { readNonNegativeDurationMs } from './configDuration';
import { EntityReader } from '../facets/SummaryScope';
import { CallerStanding, askStanding, authorizeEntity } from './access';
import { EntityCopy } from './EntityCopy';
import { trimOldest } from './trimOldest';

export type { CallerStanding } from './access';

/** Default `customerImpact.summaries.cacheTtl`: 10 seconds. */
export const DEFAULT_ACCESS_CACHE_TTL_MS = 10_000;
/** Entities kept in the shared cache at most (the oldest go first). */
const MAX_CACHED_ENTITIES = 20_000;
/** Callers whose decisions are kept at most. */
const MAX_CACHED_CALLERS = 10_000;

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Reads `customerImpact.summaries.cacheTtl` (default 10 s, `{ seconds: 0 }`
 * turns both caches off).
 */
export function readAccessCacheTtlMs(config: Config): number {
  return readNonNegativeDurationMs(
    config,
    'customerImpact.summaries.cacheTtl',
    DEFAULT_ACCESS_CACHE_TTL_MS,
  );
}

/** A time-limited entry; `value` is shared by the callers that wait for it. */
interface Entry<T> {
  expiresAt: number;
  value: Promise<T>;
}

/**
 * Drops the entries that have expired, oldest first. An entry is set again
 * (deleted, then set) whenever it is renewed, and every entry lives for the
 * same TTL, so a map's order is the order in which its entries expire: the
 * walk stops at the first one still fresh. Without it an expired entry would
 * stay until read again or trimmed, and a cache of entities read once would
 * keep up to {@link MAX_CACHED_ENTITIES} of them in memory for nothing.
 */
function dropExpired<T>(map: Map<string, Entry<T>>, now: number): void {
  for (const [key, entry] of map) {
    if (entry.expiresAt > now) {
      return;
    }
    map.delete(key);
  }
}

/**
 * One caller's view of the catalog through {@link EntityAccess}: an
 * {@link EntityReader} (the summary's scope reads through it) that returns
 * exactly the entities the caller may read in the catalog.
 */
export class CallerAccess implements EntityReader {
  constructor(
    private readonly access: EntityAccess,
    readonly credentials: BackstageCredentials,
    /** Undefined: not cached (service principals, cache off). */
    readonly standing: CallerStanding | undefined,
  ) {}

  async getEntitiesByRefs(request: {
    entityRefs: string[];
    fields?: string[];
  }): Promise<{ items: Array<Entity | undefined> }> {
    const catalogRead = this.standing?.catalogRead;
    if (catalogRead === AuthorizeResult.ALLOW) {
      return { items: await this.access.sharedEntities(request.entityRefs) };
    }
    if (catalogRead === AuthorizeResult.DENY) {
      return { items: request.entityRefs.map(() => undefined) };
    }
    this.access.counts.entityReads += 1;
    return this.access.catalog.getEntitiesByRefs(
      { entityRefs: request.entityRefs },
      { credentials: this.credentials },
    );
  }

  /**
   * Whether the entity is read already and fresh in the cache shared by
   * callers allowed every catalog read (then reading it costs no call).
   */
  hasFresh(entityRef: string): boolean {
    return (
      this.standing?.catalogRead === AuthorizeResult.ALLOW &&
      this.access.hasFresh(entityRef)
    );
  }

  /**
   * Authorizes `permission` (by default `customer-impact.entity.read`) on
   * the entity and reads it as the caller may: NotAllowedError when the
   * policy denies, NotFoundError when the caller cannot see it in the
   * catalog. The same answers as `readEntityForCaller`.
   */
  async readEntity(
    ref: CompoundEntityRef,
    permission: ResourcePermission<'catalog-entity'> = customerImpactEntityReadPermission,
  ): Promise<Entity> {
    return (await this.readEntityWith(ref, [], permission)).entity;
  }

  /**
   * {@link readEntity}, reading the entities `alongside` in the same catalog
   * call (what the caller will ask for next: a summary, the entity's
   * neighbours as last seen). Returns what the catalog answered for each
   * of them by lower-case ref (undefined: not there, or hidden from the
   * caller), as {@link getEntitiesByRefs} would have.
   */
  async readEntityWith(
    ref: CompoundEntityRef,
    alongside: readonly string[],
    permission: ResourcePermission<'catalog-entity'> = customerImpactEntityReadPermission,
  ): Promise<{ entity: Entity; alongside: Map<string, Entity | undefined> }> {
    const entityRef = stringifyEntityRef(ref);
    const others = [...new Set(alongside.map(lower))].filter(
      other => other !== lower(entityRef),
    );
    const what = `read the customer impact of ${entityRef}`;
    const standing =
      permission.name === customerImpactEntityReadPermission.name
        ? this.standing?.customerImpactRead
        : undefined;
    const decide = async () => {
      if (standing === AuthorizeResult.DENY) {
        throw new NotAllowedError(`Not allowed to ${what}`);
      }
      if (standing !== AuthorizeResult.ALLOW) {
        await authorizeEntity(
          this.access.permissions,
          permission,
          entityRef,
          this.credentials,
          what,
        );
      }
    };
    const [decision, read] = await Promise.allSettled([
      decide(),
      this.getEntitiesByRefs({ entityRefs: [entityRef, ...others] }),
    ]);
    if (decision.status === 'rejected') {
      throw decision.reason;
    }
    if (read.status === 'rejected') {
      throw read.reason;
    }
    const [entity, ...rest] = read.value.items;
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    return {
      entity,
      alongside: new Map(others.map((other, i) => [other, rest[i]])),
    };
  }

  /**
   * Whether `customer-impact.entity.read` is decided for every entity at
   * once: `true` (allowed for all), `false` (denied for all) or `undefined`
   * (decided per entity).
   */
  get customerImpactReadForAll(): boolean | undefined {
    const s = this.standing?.customerImpactRead;
    if (s === AuthorizeResult.ALLOW) {
      return true;
    }
    if (s === AuthorizeResult.DENY) {
      return false;
    }
    return undefined;
  }
}

/**
 * How the summary reads catalog entities and decides access, at the cost of
 * as few loopback round trips as the caller's policy allows.
 *
 * The catalog and the permission backend are plugins of their own, reached
 * over HTTP even in one process: every read with a person's credentials
 * costs a round trip to the catalog and, from there, one to the permission
 * backend, and every resource decision one more. So:
 *
 * - each caller's standing (`catalog.entity.read` and
 *   `customer-impact.entity.read`, asked without a resource in one
 *   `authorizeConditional` request) is kept for the cache TTL;
 * - when the standing for `catalog.entity.read` is an unconditional ALLOW,
 *   the person may read every entity, so entities are read with the
 *   plugin's own credentials (no permission round trip inside the catalog)
 *   and shared between callers for the cache TTL, the catalog being
 *   eventually consistent anyway (its processing loop takes minutes);
 * - with the plugin's own copy of the catalog turned on (`EntityCopy`), such
 *   callers' entities come from it while it is fresh, without a catalog call;
 * - a DENY hides every entity; a conditional standing falls back to reading
 *   with the caller's credentials and deciding per entity, exactly as
 *   without the cache.
 *
 * Only people (user principals) are cached; service principals are decided
 * locally by Backstage from their token's access restrictions (no round
 * trip), and read with their own credentials.
 */
export class EntityAccess {
  private readonly standings = new Map<string, Entry<CallerStanding>>();
  private readonly entities = new Map<string, Entry<Entity | undefined>>();
  /** Round trips made (for tests and benchmarks). */
  readonly counts = { standings: 0, entityReads: 0 };

  constructor(
    private readonly options: {
      permissions: PermissionsService;
      catalog: Pick<CatalogService, 'getEntitiesByRefs'>;
      auth: Pick<AuthService, 'getOwnServiceCredentials' | 'isPrincipal'>;
      /** How long standings and entities are reused; 0: never. */
      ttlMs: number;
      /** Clock (ms) for the TTL; default Date.now. */
      clock?: () => number;
      /**
       * The plugin's copy of the catalog (`customerImpact.summaries.entityCopy`):
       * where fresh, entities for callers allowed every catalog read come
       * from it, without a catalog call.
       */
      copy?: Pick<EntityCopy, 'get'>;
    },
  ) {}

  private now() {
    return (this.options.clock ?? Date.now)();
  }

  /** The caller's view: entities they may read, and their standing. */
  async forCaller(credentials: BackstageCredentials): Promise<CallerAccess> {
    const { auth } = this.options;
    if (!auth.isPrincipal(credentials, 'user') || this.options.ttlMs <= 0) {
      return new CallerAccess(this, credentials, undefined);
    }
    const key = credentials.principal.userEntityRef;
    const now = this.now();
    let entry = this.standings.get(key);
    if (!entry || entry.expiresAt <= now) {
      entry = {
        expiresAt: now + this.options.ttlMs,
        value: this.ask(credentials),
      };
      this.standings.delete(key);
      dropExpired(this.standings, now);
      this.standings.set(key, entry);
      entry.value.catch(() => {
        if (this.standings.get(key) === entry) {
          this.standings.delete(key);
        }
      });
      trimOldest(this.standings, MAX_CACHED_CALLERS);
    }
    return new CallerAccess(this, credentials, await entry.value);
  }

  private ask(credentials: BackstageCredentials): Promise<CallerStanding> {
    this.counts.standings += 1;
    return askStanding(this.options.permissions, credentials);
  }

  /** How many standings and entities are kept (for tests). */
  get sizes(): { standings: number; entities: number } {
    return { standings: this.standings.size, entities: this.entities.size };
  }

  /** Whether `ref` is in a fresh entity copy, or in the shared cache and fresh. */
  hasFresh(ref: string): boolean {
    if (this.options.copy?.get(ref)) {
      return true;
    }
    const entry = this.entities.get(lower(ref));
    return entry !== undefined && entry.expiresAt > this.now();
  }

  /**
   * Entities read with the plugin's own credentials: from the entity copy
   * where it is fresh and has them, then from the shared cache where fresh;
   * the others in one catalog call. Only for callers whose standing allows
   * every catalog read.
   */
  async sharedEntities(
    refs: readonly string[],
  ): Promise<Array<Entity | undefined>> {
    const now = this.now();
    const ttl = this.options.ttlMs;
    const missing: string[] = [];
    const waiting = new Map<
      string,
      { resolve: (e: Entity | undefined) => void; reject: (e: unknown) => void }
    >();
    const values = refs.map(ref => {
      const copied = this.options.copy?.get(ref);
      if (copied) {
        return Promise.resolve(copied);
      }
      const key = lower(ref);
      const entry = this.entities.get(key);
      if (entry && entry.expiresAt > now) {
        return entry.value;
      }
      if (waiting.has(key)) {
        return this.entities.get(key)!.value;
      }
      const value = new Promise<Entity | undefined>((resolve, reject) =>
        waiting.set(key, { resolve, reject }),
      );
      this.entities.delete(key);
      this.entities.set(key, { expiresAt: now + ttl, value });
      missing.push(key);
      return value;
    });
    if (missing.length > 0) {
      dropExpired(this.entities, now);
      trimOldest(this.entities, MAX_CACHED_ENTITIES);
      this.counts.entityReads += 1;
      try {
        const { items } = await this.options.catalog.getEntitiesByRefs(
          { entityRefs: missing },
          { credentials: await this.options.auth.getOwnServiceCredentials() },
        );
        missing.forEach((key, i) => {
          const entity = items[i] ?? undefined;
          if (!entity) {
            // Not found is not kept: an entity registered a moment later
            // shows at once.
            this.entities.delete(key);
          }
          waiting.get(key)!.resolve(entity);
        });
      } catch (error) {
        for (const key of missing) {
          this.entities.delete(key);
          waiting.get(key)!.reject(error);
        }
      }
    }
    return Promise.all(values);
  }

  get catalog() {
    return this.options.catalog;
  }

  get permissions() {
    return this.options.permissions;
  }
}
