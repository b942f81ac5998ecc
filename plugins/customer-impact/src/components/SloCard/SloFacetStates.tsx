import { CodeSnippet, WarningPanel } from '@backstage/core-components';
import {
  SloFacet,
  SloFacetNotConfigured,
} from '@customer-impact/plugin-customer-impact-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { formatTimestamp } from '../format';

const FALLBACK_ANNOTATION = `metadata:
  annotations:
    customer-impact/openslo: ./slos.yaml`;

const FALLBACK_DEFINITIONS = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: availability
spec:
  service: my-service
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 30d
      isRolling: true
  objectives:
    - target: 0.999
  indicator:
    metadata:
      name: availability
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{job="my-service", code!~"5.."}
        total:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{job="my-service"}`;

/** The empty state: how an owner turns SLOs on for this entity. */
export function SloNotConfigured(props: { facet: SloFacetNotConfigured }) {
  const { facet } = props;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      <Typography variant="body2">
        No SLOs yet.{' '}
        {facet.howTo ||
          'Point the entity at an OpenSLO (or Sloth) file with the customer-impact/openslo annotation.'}
      </Typography>
      <Typography variant="subtitle2">
        1. In this entity's catalog-info.yaml (a path relative to that file, or
        a URL):
      </Typography>
      <CodeSnippet
        text={facet.example?.annotation || FALLBACK_ANNOTATION}
        language="yaml"
      />
      <Typography variant="subtitle2">
        2. The file it points at, OpenSLO v1:
      </Typography>
      <CodeSnippet
        text={facet.example?.definitions || FALLBACK_DEFINITIONS}
        language="yaml"
      />
      <Typography variant="caption" color="textSecondary">
        SLI data arrives by push (POST /api/customer-impact/v1/slo-samples) or
        is pulled from Prometheus when the backend has the Prometheus module.
      </Typography>
    </Box>
  );
}

/** Shown above the SLOs when the definitions file is not (yet) readable. */
export function SloFacetNotice(props: { facet: SloFacet }) {
  const { facet } = props;
  if (facet.status === 'pending') {
    return (
      <Typography variant="body2" color="textSecondary">
        Reading the SLO definitions from{' '}
        {facet.sourceLocation ?? facet.annotation}… this happens once after the
        entity appears and then on a schedule.
      </Typography>
    );
  }
  if (facet.status === 'error') {
    return (
      <WarningPanel
        severity="error"
        title={`Could not read the SLO definitions (${facet.annotation})`}
        message={`${facet.fetchError ?? 'unknown error'}${
          facet.fetchedAt
            ? `. Showing what was read on ${formatTimestamp(facet.fetchedAt)}.`
            : ''
        }`}
      />
    );
  }
  return null;
}
