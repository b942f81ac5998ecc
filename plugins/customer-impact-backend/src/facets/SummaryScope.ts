import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_API_CONSUMED_BY,
  RELATION_API_PROVIDED_BY,
  RELATION_CONSUMES_API,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_PROVIDES_API,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { RELATION_JOURNEY_STEP_OF } from '@customer-impact/plugin-customer-impact-common';

/** The part of the catalog a facet reads related entities through. */
export type EntityReader = Pick<CatalogService, 'getEntitiesByRefs'> & {
  /**
   * Set by a reader that knows the caller's standing: whether
   * `customer-impact.entity.read` is allowed (`true`) or denied (`false`)
   * for every entity at once; undefined: decided per entity.
   */
  readonly customerImpactReadForAll?: boolean;
};

/**
 * Where a summary finds the refs of an entity's neighbours before reading
 * the entity (the rollups keep them as they last read the entity), so that
 * the entity and its neighbours come in one catalog call.
 */
export interface NeighbourIndex {
  /** The neighbour refs (lower case) as last read; undefined: not known. */
  neighboursOf(entityRef: string): Promise<string[] | undefined>;
}

/** The relations whose targets a summary reads from the catalog. */
const NEIGHBOUR_RELATIONS = new Set([
  RELATION_DEPENDS_ON,
  RELATION_DEPENDENCY_OF,
  RELATION_CONSUMES_API,
  RELATION_API_CONSUMED_BY,
  RELATION_PROVIDES_API,
  RELATION_API_PROVIDED_BY,
  RELATION_JOURNEY_STEP_OF,
]);

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** The event loop's next turn, as it was when loaded (tests fake timers later). */
const nextTurn: (callback: () => void) => unknown =
  globalThis.setImmediate.bind(globalThis);

/**
 * What the facets of one summary share: the catalog, read with the caller's
 * credentials through one batched, cached reader, and the results of reads
 * that both a facet's summary part and its contribution to the pain index
 * need (`memo`).
 *
 * `getEntitiesByRefs` answers from what was read already; the refs it has
 * not seen, asked for by any facet in the same turn of the event loop, go
 * to the catalog in one call. The whole entity is read (the `fields` of a
 * request are ignored), so that one read serves every facet.
 */
export class SummaryScope implements EntityReader {
  private readonly entities = new Map<string, Promise<Entity | undefined>>();
  private pending: Map<
    string,
    { resolve: (e: Entity | undefined) => void; reject: (e: unknown) => void }
  > | null = null;
  private readonly memos = new Map<string, Promise<unknown>>();
  /** How many calls went to the catalog (for tests and benchmarks). */
  catalogCalls = 0;

  constructor(
    private readonly catalog: EntityReader,
    private readonly credentials: BackstageCredentials,
  ) {}

  /**
   * The refs of the entity's direct neighbours that facets read: its
   * dependencies and dependents, the APIs it provides and consumes (and
   * their other side) and the journeys it is a step of.
   */
  static neighbourRefsOf(entity: Entity): string[] {
    return [
      ...new Set(
        (entity.relations ?? [])
          .filter(r => NEIGHBOUR_RELATIONS.has(r.type))
          .map(r => lower(r.targetRef)),
      ),
    ];
  }

  /** See {@link EntityReader.customerImpactReadForAll}: the reader's. */
  get customerImpactReadForAll(): boolean | undefined {
    return this.catalog.customerImpactReadForAll;
  }

  /** Reads the entity's neighbours in one catalog call, ahead of the facets. */
  async prefetchNeighbours(entity: Entity): Promise<void> {
    this.seed(entity);
    const refs = SummaryScope.neighbourRefsOf(entity);
    if (refs.length > 0) {
      await this.load(refs);
    }
  }

  /** Records an entity already read (the summarised one). */
  seed(entity: Entity) {
    this.seedRead(stringifyEntityRef(entity), entity);
  }

  /**
   * Records what a read with the same view of the catalog answered for
   * `ref` (undefined: not there, or hidden from the caller).
   */
  seedRead(ref: string, entity: Entity | undefined) {
    const key = lower(ref);
    if (!this.entities.has(key)) {
      this.entities.set(key, Promise.resolve(entity));
    }
  }

  async getEntitiesByRefs(
    request: { entityRefs: string[]; fields?: string[] },
    _options?: { credentials: BackstageCredentials },
  ): Promise<{ items: Array<Entity | undefined> }> {
    return { items: await this.load(request.entityRefs) };
  }

  /**
   * The result of `compute` under `key`, computed once per summary (a
   * rejected promise is kept too: both callers see the same failure).
   */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let value = this.memos.get(key) as Promise<T> | undefined;
    if (!value) {
      value = compute();
      this.memos.set(key, value);
    }
    return value;
  }

  private load(refs: readonly string[]): Promise<Array<Entity | undefined>> {
    return Promise.all(
      refs.map(ref => {
        const key = lower(ref);
        let entity = this.entities.get(key);
        if (!entity) {
          entity = new Promise<Entity | undefined>((resolve, reject) => {
            if (!this.pending) {
              this.pending = new Map();
              nextTurn(() => this.flush());
            }
            this.pending.set(key, { resolve, reject });
          });
          this.entities.set(key, entity);
        }
        return entity;
      }),
    );
  }

  private async flush() {
    const batch = this.pending;
    this.pending = null;
    if (!batch || batch.size === 0) {
      return;
    }
    const refs = [...batch.keys()];
    try {
      this.catalogCalls += 1;
      const { items } = await this.catalog.getEntitiesByRefs(
        { entityRefs: refs },
        { credentials: this.credentials },
      );
      refs.forEach((ref, i) => batch.get(ref)!.resolve(items[i] ?? undefined));
    } catch (error) {
      for (const ref of refs) {
        // A failed read is not cached: a later request reads it again.
        this.entities.delete(ref);
        batch.get(ref)!.reject(error);
      }
    }
  }
}

/**
 * The context with the summary's scope attached, not enumerable: the scope
 * is how the facets of one request share reads, no part of the context's
 * data (it is neither logged, compared nor copied by a spread).
 */
export function withScope<T extends object>(
  context: T,
  scope: SummaryScope | undefined,
): T & { scope?: SummaryScope } {
  if (scope) {
    Object.defineProperty(context, 'scope', {
      value: scope,
      enumerable: false,
    });
  }
  return context;
}

/**
 * The reader a facet uses for related entities: the summary's scope when it
 * runs in one, else the catalog itself.
 */
export function entityReaderOf(
  catalog: EntityReader,
  scope: SummaryScope | undefined,
): EntityReader {
  return scope ?? catalog;
}
