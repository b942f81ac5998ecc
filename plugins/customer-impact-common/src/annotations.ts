/**
 * Annotation prefix owned by the Customer Impact suite.
 *
 * @public
 */
export const CUSTOMER_IMPACT_ANNOTATION_PREFIX = 'customer-impact/';

/**
 * Entity ref of the entity that replaces a deprecated one, e.g. `api:default/payments-v2`.
 * A ref without a kind takes the deprecated entity's kind.
 *
 * @public
 */
export const ANNOTATION_REPLACED_BY = 'customer-impact/replaced-by';

/**
 * ISO 8601 date (`2027-03-31`) after which a deprecated entity stops working.
 * An entity that carries a sunset date counts as deprecated.
 *
 * @public
 */
export const ANNOTATION_SUNSET = 'customer-impact/sunset';

/**
 * http(s) URL of the guide that explains how to migrate off a deprecated entity.
 *
 * @public
 */
export const ANNOTATION_MIGRATION_GUIDE = 'customer-impact/migration-guide';

/**
 * Free text explaining why an entity is deprecated.
 *
 * @public
 */
export const ANNOTATION_DEPRECATION_REASON =
  'customer-impact/deprecation-reason';

/**
 * Where an entity's SLO definitions are: a path relative to the entity's own
 * catalog file (`./slos/checkout.yaml`) or a URL. The file holds OpenSLO v1
 * documents (`SLO`, `SLI`, `DataSource`, `AlertPolicy`) or a Sloth
 * (`version: prometheus/v1`) spec.
 *
 * @public
 */
export const ANNOTATION_OPENSLO = 'customer-impact/openslo';

/**
 * The rules of an entity's release gate (its SLOs allow a release or not):
 * `off`, or a comma-separated list of `page`, `ticket`, `exhausted`,
 * `no-data`, `min-budget:<percent>`. Default `page, exhausted`.
 *
 * @public
 */
export const ANNOTATION_RELEASE_GATE = 'customer-impact/release-gate';

/**
 * The `spec.lifecycle` value that marks an entity as deprecated (compared case-insensitively).
 *
 * @public
 */
export const LIFECYCLE_DEPRECATED = 'deprecated';

/**
 * Every annotation the suite reads. Any other key under the
 * `customer-impact/` prefix is reported by the catalog module as a likely typo.
 *
 * @public
 */
export const KNOWN_CUSTOMER_IMPACT_ANNOTATIONS: readonly string[] = [
  ANNOTATION_REPLACED_BY,
  ANNOTATION_SUNSET,
  ANNOTATION_MIGRATION_GUIDE,
  ANNOTATION_DEPRECATION_REASON,
  ANNOTATION_OPENSLO,
  ANNOTATION_RELEASE_GATE,
];
