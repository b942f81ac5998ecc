import { FacetHowTo, facetDocsUrl } from '../facet';
import {
  ANNOTATION_GITHUB_PROJECT_SLUG,
  ANNOTATION_PAGERDUTY_SERVICE_ID,
} from './api';

/**
 * How to turn support load on for an entity: push its events, or let a pull
 * module read them through an annotation.
 *
 * @public
 */
export const SUPPORT_HOW_TO: FacetHowTo = {
  text: "Push this entity's tickets, pages, escalations and manual exceptions to POST /api/customer-impact/v1/support-events, or let a pull module read them through one of these annotations in catalog-info.yaml.",
  annotation: ANNOTATION_PAGERDUTY_SERVICE_ID,
  snippets: [
    {
      label: 'catalog-info.yaml',
      language: 'yaml',
      code: `metadata:
  annotations:
    ${ANNOTATION_PAGERDUTY_SERVICE_ID}: PABC123      # incidents become pages and escalations
    ${ANNOTATION_GITHUB_PROJECT_SLUG}: acme/payments # labelled issues become tickets and manual exceptions`,
    },
    {
      label: 'POST /api/customer-impact/v1/support-events',
      language: 'json',
      code: `{ "events": [{ "source": "jira", "externalId": "OPS-1234",
  "entityRef": "component:default/payments-service",
  "consumerRef": "group:default/team-checkout", "kind": "ticket",
  "openedAt": "2027-03-01T09:30:00Z", "category": "access",
  "title": "Cannot rotate API key", "url": "https://jira.example.com/browse/OPS-1234" }] }`,
    },
  ],
  docsUrl: facetDocsUrl('support-load'),
};
