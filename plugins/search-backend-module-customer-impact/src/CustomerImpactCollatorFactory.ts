import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DocumentCollatorFactory } from '@backstage/plugin-search-common';
import {
  CUSTOMER_IMPACT_PLUGIN_ID,
  CustomerImpactApi,
  CustomerImpactClient,
  customerImpactEntityReadPermission,
} from '@customer-impact/plugin-customer-impact-common';
import { Readable } from 'stream';
import { CustomerImpactCollatorOptions, readCollatorOptions } from './config';
import {
  CUSTOMER_IMPACT_DOCUMENT_TYPE,
  CustomerImpactDocument,
  customerImpactDocument,
} from './document';

/** Entities read from the catalog per page. */
const CATALOG_PAGE = 500;

/**
 * Collates one search document per catalog entity that has a customer
 * impact to find (type `customer-impact`). It reads the catalog and the
 * Customer Impact REST API (`GET /v1/entities/{kind}/{namespace}/{name}`,
 * through the typed client) with the search plugin's own service
 * credentials; search shows a document only to those allowed
 * `customer-impact.entity.read` on its entity.
 *
 * @public
 */
export class CustomerImpactCollatorFactory implements DocumentCollatorFactory {
  /** The document type: `customer-impact`. */
  readonly type = CUSTOMER_IMPACT_DOCUMENT_TYPE;
  /** Search shows a document to those allowed this on its entity. */
  readonly visibilityPermission = customerImpactEntityReadPermission;

  /** Reads `search.collators.customerImpact` (see config.d.ts). */
  static fromConfig(
    config: Config,
    deps: {
      auth: AuthService;
      discovery: DiscoveryService;
      catalog: CatalogService;
      logger: LoggerService;
      /** Replaces the REST client (tests). */
      client?: CustomerImpactApi;
    },
  ): CustomerImpactCollatorFactory {
    return new CustomerImpactCollatorFactory({
      ...deps,
      options: readCollatorOptions(config),
    });
  }

  private readonly client: CustomerImpactApi;

  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
      catalog: CatalogService;
      logger: LoggerService;
      options: CustomerImpactCollatorOptions;
      client?: CustomerImpactApi;
    },
  ) {
    this.client =
      deps.client ?? new CustomerImpactClient({ discoveryApi: deps.discovery });
  }

  /** The documents of one run, as a stream. */
  async getCollator(): Promise<Readable> {
    return Readable.from(this.execute());
  }

  private async *execute(): AsyncGenerator<CustomerImpactDocument> {
    const { auth, catalog, logger, options } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    let cursor: string | undefined;
    let entities = 0;
    let failed = 0;
    let documents = 0;
    let lastError: unknown;
    do {
      const page = await catalog.queryEntities(
        cursor
          ? { cursor, limit: CATALOG_PAGE }
          : {
              filter: { kind: options.kinds },
              limit: CATALOG_PAGE,
              totalItems: 'exclude',
            },
        { credentials },
      );
      cursor = page.pageInfo.nextCursor;
      // A token per page: a long collation outlives one token.
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: CUSTOMER_IMPACT_PLUGIN_ID,
      });
      const results = await mapLimited(
        page.items,
        options.concurrency,
        entity => this.documentOf(entity, token),
      );
      for (const result of results) {
        if ('error' in result) {
          failed += 1;
          lastError = result.error;
        }
      }
      entities += page.items.length;
      for (const result of results) {
        if ('document' in result && result.document) {
          documents += 1;
          yield result.document;
        }
      }
    } while (cursor);
    if (entities > 0 && failed === entities) {
      // Nothing could be read (the plugin is down or refuses the search
      // plugin): fail the run so that search keeps the previous index.
      throw new Error(
        `Could not read the customer impact of any of ${entities} entities; last error: ${lastError}`,
      );
    }
    logger.info(
      `Collated ${documents} customer-impact documents from ${entities} entities (${failed} failed)`,
    );
  }

  /** The document of one entity, or why there is none. */
  private async documentOf(
    entity: Entity,
    token: string,
  ): Promise<{ document: CustomerImpactDocument | null } | { error: unknown }> {
    try {
      const summary = await this.client.getEntitySummary(
        stringifyEntityRef(entity),
        { token },
      );
      return {
        document: customerImpactDocument(entity, summary, this.deps.options),
      };
    } catch (error) {
      this.deps.logger.warn(
        `No customer-impact search document for ${stringifyEntityRef(
          entity,
        )}: ${error}`,
      );
      return { error };
    }
  }
}

/** `fn` over `items` with at most `limit` calls at once, results in order. */
async function mapLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}
