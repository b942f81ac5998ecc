import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_OPENSLO,
  SloFacet,
  SloFacetNotConfigured,
} from '@customer-impact/plugin-customer-impact-common';

/** What the summary route needs from the SLO facet. */
export interface SloFacetProvider {
  getFacet(entity: Entity): Promise<SloFacet>;
}

const EXAMPLE_DEFINITIONS = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
  displayName: Checkout availability
spec:
  service: checkout
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 30d
      isRolling: true
  objectives:
    - target: 0.999
  indicator:
    metadata:
      name: checkout-success
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{job="checkout",code!~"5.."}[5m]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{job="checkout"}[5m]))
`;

/** The SLO facet of an entity without the `customer-impact/openslo` annotation. */
export function sloFacetNotConfigured(): SloFacetNotConfigured {
  return {
    status: 'not-configured',
    howTo: `Add the annotation ${ANNOTATION_OPENSLO} to this entity's catalog file, pointing at an OpenSLO v1 (or Sloth) YAML file: a path relative to the catalog file, or a URL. Then push SLI counts to POST /api/customer-impact/v1/slo-samples, or let an installed data source (such as Prometheus) pull them.`,
    annotation: ANNOTATION_OPENSLO,
    example: {
      annotation: `metadata:\n  annotations:\n    ${ANNOTATION_OPENSLO}: ./slos/checkout.yaml\n`,
      definitions: EXAMPLE_DEFINITIONS,
    },
  };
}

/** Used only when a router is built without the SLO facet (some tests). */
export function sloFacetUnavailable(): SloFacetNotConfigured {
  return sloFacetNotConfigured();
}
