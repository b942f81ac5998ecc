import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { SliSource } from './sources';
import { SupportEventSource } from './supportSources';

/**
 * Through this extension point, backend modules add data sources to the
 * Customer Impact backend.
 *
 * @public
 */
export interface CustomerImpactSourcesExtensionPoint {
  /** Adds a source of SLI data; one source per OpenSLO DataSource type. */
  addSliSource(source: SliSource): void;
  /**
   * Adds a source of support events (tickets, pages, ...) that the backend
   * pulls on a schedule, incrementally, one replica at a time. Ids are unique.
   */
  addSupportEventSource(source: SupportEventSource): void;
}

/**
 * The extension point for data-source modules.
 *
 * @example
 * ```ts
 * createBackendModule({
 *   pluginId: 'customer-impact',
 *   moduleId: 'my-source',
 *   register(env) {
 *     env.registerInit({
 *       deps: { sources: customerImpactSourcesExtensionPoint },
 *       async init({ sources }) {
 *         sources.addSliSource(new MySliSource());
 *       },
 *     });
 *   },
 * });
 * ```
 *
 * @public
 */
export const customerImpactSourcesExtensionPoint =
  createExtensionPoint<CustomerImpactSourcesExtensionPoint>({
    id: 'customer-impact.sources',
  });
