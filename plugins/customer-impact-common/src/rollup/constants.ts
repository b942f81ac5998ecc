/**
 * Entities per rollup page unless `limit` says otherwise.
 *
 * @public
 */
export const ROLLUP_DEFAULT_LIMIT = 20;

/**
 * The largest `limit` of a rollup page.
 *
 * @public
 */
export const ROLLUP_MAX_LIMIT = 100;

/**
 * Weeks of the rollup trend, the current one included.
 *
 * @public
 */
export const ROLLUP_TREND_WEEKS = 12;
