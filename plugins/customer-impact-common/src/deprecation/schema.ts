import { z } from 'zod';
import { entityRefSchema, uniqueInBatch } from '../schemas';
import { parseIsoDate } from './annotations';

/**
 * At most this many points in one `POST /v1/deprecation-burndown`.
 *
 * @public
 */
export const DEPRECATION_BURNDOWN_BATCH_LIMIT = 1000;

/**
 * One day's dependent count of a deprecated entity, as imported from another
 * system (a spreadsheet, an earlier tracker). The natural key is
 * (`entityRef`, `date`).
 *
 * @public
 */
export const deprecationBurndownPointSchema = z.object({
  entityRef: entityRefSchema({ example: 'api:default/payments-v1' }),
  date: z.string().refine(
    text => parseIsoDate(text) !== null,
    text => ({
      message: `must be a date as YYYY-MM-DD, such as "2026-10-01", got ${JSON.stringify(
        text,
      )}`,
    }),
  ),
  dependents: z.number().int().min(0),
});

/**
 * Body of `POST /v1/deprecation-burndown`: history of the burndown, for days
 * before today (today's count is the backend's own, recorded hourly).
 *
 * @public
 */
export const deprecationBurndownImportSchema = z.object({
  points: z
    .array(deprecationBurndownPointSchema)
    .min(1)
    .max(DEPRECATION_BURNDOWN_BATCH_LIMIT)
    .superRefine(
      uniqueInBatch({
        keyOf: p => [p.entityRef, p.date],
        field: ['date'],
        message: d =>
          `repeats ${d.item.entityRef} on ${d.item.date} of points[${d.first}]`,
      }),
    ),
});

/**
 * One imported burndown point (after validation: the entity ref normalised).
 *
 * @public
 */
export type DeprecationBurndownPoint = z.infer<
  typeof deprecationBurndownPointSchema
>;

/**
 * Body of `POST /v1/deprecation-burndown`.
 *
 * @public
 */
export type DeprecationBurndownImportRequest = z.input<
  typeof deprecationBurndownImportSchema
>;

/**
 * Response of `POST /v1/deprecation-burndown`.
 *
 * @public
 */
export interface DeprecationBurndownImportResponse {
  inserted: number;
  updated: number;
  unchanged: number;
}
