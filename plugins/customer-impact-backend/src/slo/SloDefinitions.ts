import {
  AuthService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_OPENSLO } from '@customer-impact/plugin-customer-impact-common';
import {
  readSloDefinitions,
  resolveSloLocation,
  stringifySloLocation,
} from './definitionsReader';
import { SloStateStore, StoredSloDefinitions } from './SloStateStore';

/**
 * The SLO definitions of entities: reads the OpenSLO (or Sloth) file an
 * entity's `customer-impact/openslo` annotation points at, and stores what
 * was read (or why it could not be read).
 */
export class SloDefinitions {
  private readonly store: SloStateStore;
  private readonly urlReader: UrlReaderService;
  private readonly catalog: CatalogService;
  private readonly auth: AuthService;
  private readonly logger: LoggerService;
  private readonly now: () => Date;
  private readonly slothWindow?: string;

  constructor(options: {
    store: SloStateStore;
    urlReader: UrlReaderService;
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    now: () => Date;
    /** The SLO period of Sloth SLOs (`customerImpact.slo.slothPeriod`). */
    slothWindow?: string;
  }) {
    this.slothWindow = options.slothWindow;
    this.store = options.store;
    this.urlReader = options.urlReader;
    this.catalog = options.catalog;
    this.auth = options.auth;
    this.logger = options.logger;
    this.now = options.now;
  }

  /**
   * Reads the entity's definitions file again and stores what was read. A
   * file that cannot be read keeps the last good definitions (when the
   * annotation did not change) and records why.
   */
  async refreshEntity(entity: Entity): Promise<StoredSloDefinitions> {
    const entityRef = stringifyEntityRef(entity);
    const annotation = entity.metadata.annotations?.[ANNOTATION_OPENSLO] ?? '';
    const attemptedAt = this.now().getTime();
    const previous = await this.store.getDefinitions(entityRef);
    let stored: StoredSloDefinitions;
    try {
      const { location, result } = await readSloDefinitions(
        this.urlReader,
        entity,
        { slothWindow: this.slothWindow },
      );
      stored = {
        entityRef,
        annotation,
        location: stringifySloLocation(location),
        result,
        fetchedAt: attemptedAt,
        attemptedAt,
        fetchError: null,
      };
    } catch (error) {
      let location: string | null = null;
      try {
        location = stringifySloLocation(resolveSloLocation(entity));
      } catch {
        // The message below says why.
      }
      const keep =
        previous && previous.annotation === annotation ? previous : undefined;
      stored = {
        entityRef,
        annotation,
        location,
        result: keep?.result ?? null,
        fetchedAt: keep?.fetchedAt ?? null,
        attemptedAt,
        fetchError: `Could not read the SLO definitions ${
          location ?? annotation
        }: ${(error as Error).message}`,
      };
      this.logger.warn(`${entityRef}: ${stored.fetchError}`);
    }
    await this.store.saveDefinitions(stored);
    return stored;
  }

  /**
   * Reads the definitions of every annotated entity in the catalog, and
   * forgets those of entities that lost the annotation.
   */
  async refreshAll(): Promise<{ entities: number; failed: number }> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${ANNOTATION_OPENSLO}`]: CATALOG_FILTER_EXISTS,
        },
      },
      { credentials },
    );
    let failed = 0;
    for (const entity of items) {
      const stored = await this.refreshEntity(entity);
      if (stored.fetchError) {
        failed += 1;
      }
    }
    await this.store.deleteDefinitionsExcept(
      items.map(e => stringifyEntityRef(e)),
    );
    return { entities: items.length, failed };
  }

  /**
   * The entity's stored definitions; read now on the first view, or when the
   * annotation changed since the last read.
   */
  async definitionsOf(
    entity: Entity,
    /** What the store holds for the entity, when read already. */
    read?: Promise<StoredSloDefinitions | undefined>,
  ): Promise<StoredSloDefinitions> {
    const entityRef = stringifyEntityRef(entity);
    const annotation = entity.metadata.annotations?.[ANNOTATION_OPENSLO] ?? '';
    const stored = await (read ?? this.store.getDefinitions(entityRef));
    if (stored && stored.annotation === annotation) {
      return stored;
    }
    return this.refreshEntity(entity);
  }
}
