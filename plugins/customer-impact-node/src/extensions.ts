import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { SliSource } from './sources';

/**
 * Through this extension point, backend modules add data sources to the
 * Customer Impact backend.
 *
 * @public
 */
export interface CustomerImpactSourcesExtensionPoint {
  /** Adds a source of SLI data; one source per OpenSLO DataSource type. */
  addSliSource(source: SliSource): void;
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
