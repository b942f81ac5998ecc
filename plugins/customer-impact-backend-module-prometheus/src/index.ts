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
  PROMETHEUS_MAX_POINTS_PER_SERIES,
} from './PrometheusSliSource';
export type { PrometheusSliSourceOptions } from './PrometheusSliSource';
export { bucketCountQuery, isBareSelector } from './query';
