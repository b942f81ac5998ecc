/**
 * Customer Impact backend module: SLI counts of OpenSLO ratio metrics pulled
 * from Prometheus.
 *
 * @packageDocumentation
 */

export { customerImpactModulePrometheus as default } from './module';
export {
  PrometheusSliSource,
  PrometheusQueryError,
  PrometheusServerNotConfiguredError,
  PROMETHEUS_MAX_POINTS_PER_SERIES,
} from './PrometheusSliSource';
export {
  readPrometheusServers,
  resolvePrometheusServer,
  normalizePrometheusUrl,
  PROMETHEUS_SERVERS_CONFIG_KEY,
} from './servers';
export type { PrometheusServer, ServerResolution } from './servers';
export type { PrometheusSliSourceOptions } from './PrometheusSliSource';
export { bucketCountQuery, isBareSelector } from './query';
