/**
 * What a batch write did, item by item on the batch's natural key: new items,
 * stored items that changed, and stored items sent again unchanged.
 *
 * @public
 */
export interface PushCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * The answer of every push (`POST /v1/slo-samples`, `/v1/support-events`,
 * `/v1/journey-events`, `/v1/journey-feedback`, `/v1/deprecation-burndown`).
 *
 * @public
 */
export interface PushResult extends PushCounts {
  /**
   * The entity refs of the batch that the catalog does not have (as the caller
   * sees it), `kind:namespace/name` in lower case, sorted. Their items are
   * accepted and stored, but count in no figure until the entity exists.
   */
  unknownEntityRefs: string[];
}
