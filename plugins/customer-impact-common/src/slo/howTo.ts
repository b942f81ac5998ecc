import { ANNOTATION_OPENSLO } from '../annotations';
import { FacetHowTo, facetDocsUrl } from '../facet';

/**
 * How to turn SLOs on for an entity: the annotation and an example OpenSLO
 * file. The SLO facet answers it for an entity without the annotation.
 *
 * @public
 */
export const SLO_HOW_TO: FacetHowTo = {
  text: `Add the annotation ${ANNOTATION_OPENSLO} to this entity's catalog file, pointing at an OpenSLO v1 (or Sloth) YAML file: a path relative to the catalog file, or a URL. Then push SLI counts to POST /api/customer-impact/v1/slo-samples, or let an installed data source (such as Prometheus) pull them.`,
  annotation: ANNOTATION_OPENSLO,
  snippets: [
    {
      label: 'catalog-info.yaml',
      language: 'yaml',
      code: `metadata:\n  annotations:\n    ${ANNOTATION_OPENSLO}: ./slos/checkout.yaml\n`,
    },
    {
      label: 'slos/checkout.yaml',
      language: 'yaml',
      code: `apiVersion: openslo/v1
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
`,
    },
  ],
  docsUrl: facetDocsUrl('slos'),
};
