import {
  ANNOTATION_DEPRECATION_REASON,
  ANNOTATION_MIGRATION_GUIDE,
  ANNOTATION_REPLACED_BY,
  ANNOTATION_SUNSET,
} from '../annotations';
import { FacetHowTo, facetDocsUrl } from '../facet';

/**
 * How to mark an entity deprecated: what the deprecation facet answers for
 * an entity that is neither deprecated nor depends on anything deprecated.
 *
 * @public
 */
export const DEPRECATION_HOW_TO: FacetHowTo = {
  text: 'Mark this entity deprecated in its catalog-info.yaml: set spec.lifecycle to deprecated and name its replacement, sunset date and migration guide. Its dependents then see a banner, and their owners show up here with a burndown.',
  annotation: ANNOTATION_SUNSET,
  snippets: [
    {
      label: 'catalog-info.yaml',
      language: 'yaml',
      code: `metadata:
  annotations:
    ${ANNOTATION_REPLACED_BY}: api:default/payments-v2
    ${ANNOTATION_SUNSET}: "2027-03-31"
    ${ANNOTATION_MIGRATION_GUIDE}: https://example.com/migrate
    ${ANNOTATION_DEPRECATION_REASON}: Replaced by the v2 API
spec:
  lifecycle: deprecated`,
    },
  ],
  docsUrl: facetDocsUrl('deprecation-annotations'),
};
