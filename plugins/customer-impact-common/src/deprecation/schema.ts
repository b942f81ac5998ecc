import { z } from 'zod';
import { entityRefSchema, hasNoNulCharacter, uniqueInBatch } from '../schemas';
import { parseIsoDate } from './annotations';
import { PushResult } from '../facet/push';

/**
 * At most this many points in one `POST /v1/deprecation-burndown`.
 *
 * @public
 */
export const DEPRECATION_BURNDOWN_BATCH_LIMIT = 1000;

/**
 * The largest dependent count one point may hold.
 *
 * @public
 */
export const DEPRECATION_BURNDOWN_MAX_DEPENDENTS = 1_000_000;

/**
 * One day's dependent count of a deprecated entity, as imported from another
 * system (a spreadsheet, an earlier tracker). The natural key is
 * (`entityRef`, `date`).
 *
 * @public
 */
export const deprecationBurndownPointSchema = z
  .object({
    entityRef: entityRefSchema({ example: 'api:default/payments-v1' }),
    date: z.string().refine(
      text => parseIsoDate(text) !== null,
      text => ({
        message: `must be a date as YYYY-MM-DD, such as "2026-10-01", got ${JSON.stringify(
          text,
        )}`,
      }),
    ),
    dependents: z
      .number()
      .int()
      .min(0)
      .max(DEPRECATION_BURNDOWN_MAX_DEPENDENTS),
  })
  .strict();

/**
 * Body of `POST /v1/deprecation-burndown`: history of the burndown, for days
 * before today (today's count is the backend's own, recorded hourly).
 *
 * @public
 */
export const deprecationBurndownImportSchema = z
  .object({
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
  })
  .strict();

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
export type DeprecationBurndownImportResponse = PushResult;

/**
 * Body of `POST /v1/entities/{kind}/{namespace}/{name}/deprecation-exemptions`:
 * one dependent of the deprecated entity in the path, why it cannot migrate
 * yet, and its last exempt day.
 *
 * @public
 */
export const deprecationExemptionRequestSchema = z.object({
  dependentRef: entityRefSchema({
    example: 'component:default/billing-service',
  }),
  reason: z
    .string()
    .trim()
    .min(1, 'must say why the dependent cannot migrate yet')
    .max(2000)
    // PostgreSQL cannot store it.
    .refine(hasNoNulCharacter, 'must not contain the NUL character (\\u0000)'),
  until: z.string().refine(
    text => parseIsoDate(text) !== null,
    text => ({
      message: `must be a date as YYYY-MM-DD, such as "2027-06-30", got ${JSON.stringify(
        text,
      )}`,
    }),
  ),
});

/**
 * Body of `POST /v1/entities/{kind}/{namespace}/{name}/deprecation-exemptions`.
 *
 * @public
 */
export type DeprecationExemptionRequest = z.input<
  typeof deprecationExemptionRequestSchema
>;
