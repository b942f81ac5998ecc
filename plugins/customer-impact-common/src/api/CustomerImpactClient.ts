import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityCustomerImpactSummary } from './types';

/**
 * The plugin id, also the path segment the backend is mounted at.
 *
 * @public
 */
export const CUSTOMER_IMPACT_PLUGIN_ID = 'customer-impact';

/**
 * Options of a single request.
 *
 * @public
 */
export interface CustomerImpactRequestOptions {
  signal?: AbortSignal;
  /** A Backstage token to send; the frontend leaves it out and lets `fetchApi` add it. */
  token?: string;
}

/**
 * The Customer Impact REST API, typed. The frontend reaches the backend only
 * through this interface.
 *
 * @public
 */
export interface CustomerImpactApi {
  getEntitySummary(
    entityRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions,
  ): Promise<EntityCustomerImpactSummary>;
}

/**
 * A client of the Customer Impact backend: works in the browser with
 * Backstage's `discoveryApi` and `fetchApi`, and in Node with any object of the
 * same shape.
 *
 * @public
 */
export class CustomerImpactClient implements CustomerImpactApi {
  private readonly discoveryApi: {
    getBaseUrl(pluginId: string): Promise<string>;
  };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...a) => fetch(...a) };
  }

  async getEntitySummary(
    entityRef: string | CompoundEntityRef,
    options?: CustomerImpactRequestOptions,
  ): Promise<EntityCustomerImpactSummary> {
    const ref = parseEntityRef(
      typeof entityRef === 'string' ? entityRef : stringifyEntityRef(entityRef),
    );
    const path = [ref.kind, ref.namespace, ref.name]
      .map(part => encodeURIComponent(part))
      .join('/');
    return this.request<EntityCustomerImpactSummary>(
      `/v1/entities/${path}`,
      options,
    );
  }

  private async request<T>(
    path: string,
    options?: CustomerImpactRequestOptions,
    init?: RequestInit,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(
      CUSTOMER_IMPACT_PLUGIN_ID,
    );
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (init?.body) {
      headers['Content-Type'] = 'application/json';
    }
    if (options?.token) {
      headers.Authorization = `Bearer ${options.token}`;
    }
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      ...init,
      headers,
      signal: options?.signal,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
