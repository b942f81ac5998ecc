import { z } from 'zod';
import { fixedDurationSeconds, parseSloDuration } from './duration';
import {
  DocumentContext,
  ParsedDefinitions,
  problem,
  rfc1123Name,
  zodProblems,
} from './definitionsShared';
import { SloIndicator } from './types';

/**
 * The Sloth spec `version` this package reads.
 *
 * @public
 */
export const SLOTH_VERSION = 'prometheus/v1';

/** Sloth SLOs carry no window; Sloth's own default is 30 days. */
export const DEFAULT_SLOTH_WINDOW = '30d';

const slothSloSchema = z
  .object({
    name: rfc1123Name,
    description: z.string().optional(),
    objective: z
      .number({ required_error: 'is required' })
      .gt(0, 'must be a percentage in (0, 100)')
      .lt(100, 'must be a percentage in (0, 100)'),
    sli: z
      .object({
        events: z
          .object({
            error_query: z.string().min(1, 'is required'),
            total_query: z.string().min(1, 'is required'),
          })
          .optional(),
        raw: z.object({ error_ratio_query: z.string().min(1) }).optional(),
        plugin: z.object({ id: z.string() }).passthrough().optional(),
      })
      .superRefine((sli, ctx) => {
        const count = [sli.events, sli.raw, sli.plugin].filter(Boolean).length;
        if (count !== 1) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [],
            message: 'needs exactly one of events, raw and plugin',
          });
        }
      }),
  })
  .passthrough();

const slothFileSchema = z
  .object({
    version: z.literal(SLOTH_VERSION),
    service: rfc1123Name,
    slos: z.array(z.unknown()).min(1, 'needs at least one SLO'),
  })
  .passthrough();

/**
 * Reads a Sloth file (`version: prometheus/v1`): every SLO is validated on its
 * own and becomes an `Occurrences` SLO over a rolling `slothWindow`, keyed
 * `<service>-<name>`; a bad one becomes problems.
 */
export function readSlothFile(
  ctx: DocumentContext,
  object: Record<string, unknown>,
  out: ParsedDefinitions,
  source: string,
  slothWindow: string = DEFAULT_SLOTH_WINDOW,
): void {
  const file = slothFileSchema.safeParse(object);
  if (!file.success) {
    out.problems.push(...zodProblems(ctx, file.error));
    return;
  }
  const windowText = slothWindow;
  const duration = parseSloDuration(windowText);
  const windowSeconds = duration ? fixedDurationSeconds(duration) : null;
  if (!duration || windowSeconds === null) {
    out.problems.push(
      problem(
        ctx,
        'error',
        [],
        `the Sloth window "${windowText}" must be a fixed duration such as 30d`,
      ),
    );
    return;
  }
  const service = file.data.service;
  const names = new Set<string>();
  file.data.slos.forEach((raw, i) => {
    const rawNameValue =
      raw && typeof raw === 'object'
        ? (raw as Record<string, unknown>).name
        : undefined;
    const rawName = typeof rawNameValue === 'string' ? rawNameValue : null;
    const overrides = { name: rawName };
    const result = slothSloSchema.safeParse(raw);
    if (!result.success) {
      out.problems.push(
        ...zodProblems(ctx, result.error, ['slos', i], overrides),
      );
      return;
    }
    const slo = result.data;
    if (names.has(slo.name)) {
      out.problems.push(
        problem(
          ctx,
          'error',
          ['slos', i, 'name'],
          `another SLO in this file is already named "${slo.name}"; this one is ignored`,
          overrides,
        ),
      );
      return;
    }
    names.add(slo.name);
    let indicator: SloIndicator;
    if (slo.sli.events) {
      indicator = {
        kind: 'ratio',
        name: null,
        counter: false,
        good: null,
        bad: {
          query: slo.sli.events.error_query,
          dataSourceRef: null,
          dataSourceType: 'Prometheus',
          spec: { query: slo.sli.events.error_query },
        },
        total: {
          query: slo.sli.events.total_query,
          dataSourceRef: null,
          dataSourceType: 'Prometheus',
          spec: { query: slo.sli.events.total_query },
        },
        dataSourceRef: null,
      };
    } else {
      const type = slo.sli.raw ? 'raw' : 'plugin';
      indicator = {
        kind: 'unsupported',
        name: null,
        type,
        reason:
          type === 'raw'
            ? 'sli.raw (an error ratio query) is not supported: error and total event counts are needed'
            : 'sli.plugin is not supported: error and total event counts are needed',
      };
      out.problems.push(
        problem(
          ctx,
          'warning',
          ['slos', i, 'sli', type],
          `${indicator.reason}; the SLO is listed without figures`,
          overrides,
        ),
      );
    }
    out.slos.push({
      key: `${service}-${slo.name}`,
      name: `${service}-${slo.name}`,
      displayName: slo.name,
      description: slo.description ?? null,
      service,
      target: slo.objective / 100,
      budgetingMethod: 'Occurrences',
      timeSliceTarget: null,
      timeSliceWindowSeconds: null,
      window: {
        kind: 'rolling',
        duration: duration.text,
        durationSeconds: windowSeconds,
      },
      indicator,
      objectiveIndex: 0,
      objectiveName: null,
      alertPolicies: [],
      origin: { source, documentIndex: ctx.index, format: 'sloth' },
    });
  });
}
