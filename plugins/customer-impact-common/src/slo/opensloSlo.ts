import { z } from 'zod';
import {
  fixedDurationSeconds,
  isCalendarUnit,
  parseSloDuration,
  parseTimeSliceWindow,
  percentToFraction,
} from './duration';
import {
  DocumentContext,
  Problem,
  formatPath,
  metadataSchema,
  originOf,
  problem,
  zodProblems,
} from './definitionsShared';
import {
  comparison,
  inlineIndicatorSchema,
  metricSchema,
  sliSpecSchema,
  timeWindowSchema,
} from './opensloSchemas';
import { sliceResolutionProblem, windowResolutionProblem } from './resolution';
import {
  SloAlertingSpec,
  SloDefinition,
  SloIndicator,
  SloMetricQuery,
  SloWindow,
} from './types';

// An OpenSLO v1 SLO document, turned into definitions: one per objective,
// or a composite and its members.

// Too large a type to export (its indicator holds a whole SLI schema).
const objectiveSchema = z
  .object({
    displayName: z.string().optional(),
    op: comparison.optional(),
    value: z.number().finite().optional(),
    target: z
      .number()
      .gte(0, 'must be in [0, 1)')
      .lt(1, 'must be in [0, 1)')
      .optional(),
    targetPercent: z
      .number()
      .gte(0, 'must be in [0, 100)')
      .lt(100, 'must be in [0, 100)')
      .optional(),
    timeSliceTarget: z
      .number()
      .gte(0, 'must be in [0, 1]')
      .lte(1, 'must be in [0, 1]')
      .optional(),
    // A duration shorthand, or a number of minutes (the spec's default unit).
    timeSliceWindow: z
      .union([z.number(), z.string()], {
        errorMap: () => ({
          message: 'must be a duration such as 5m, or a number of minutes',
        }),
      })
      .optional()
      .superRefine((value, ctx) => {
        if (value === undefined) return;
        const parsed = parseTimeSliceWindow(value);
        if (!parsed) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `invalid time slice "${value}": expected a positive whole number of minutes (5) or a duration (5m, 1h)`,
          });
        } else if (isCalendarUnit(parsed.unit)) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `"${value}" is a calendar duration (M, Q, Y have no fixed length): use m, h, d or w`,
          });
        }
      }),
    indicator: inlineIndicatorSchema.optional(),
    indicatorRef: z.string().min(1).optional(),
    compositeWeight: z.number().gt(0, 'must be greater than 0').optional(),
  })
  .passthrough()
  .superRefine((objective, ctx) => {
    if (
      (objective.target === undefined) ===
      (objective.targetPercent === undefined)
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['target'],
        message:
          'needs exactly one of target (0..1) and targetPercent (0..100)',
      });
    }
    if (objective.indicator && objective.indicatorRef) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['indicatorRef'],
        message: 'needs at most one of indicator and indicatorRef',
      });
    }
  });

// The SLO kind's schema stays here: its inferred type is too large to export.
const budgetingMethods = [
  'Occurrences',
  'Timeslices',
  'RatioTimeslices',
] as const;

const sloSpecSchema = z
  .object({
    description: z.string().optional(),
    service: z.string({ required_error: 'is required' }).min(1, 'is required'),
    indicator: inlineIndicatorSchema.optional(),
    indicatorRef: z.string().min(1).optional(),
    timeWindow: z
      .array(timeWindowSchema, { required_error: 'is required' })
      .length(1, 'must hold exactly one window'),
    budgetingMethod: z.enum(budgetingMethods, {
      errorMap: () => ({
        message: `must be one of ${budgetingMethods.join(', ')}`,
      }),
    }),
    objectives: z
      .array(objectiveSchema, { required_error: 'is required' })
      .min(1, 'needs at least one objective'),
    alertPolicies: z.array(z.unknown()).optional(),
  })
  .passthrough()
  .superRefine((spec, ctx) => {
    spec.objectives.forEach((objective, i) => {
      if (spec.budgetingMethod === 'Occurrences') {
        return;
      }
      if (objective.timeSliceWindow === undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['objectives', i, 'timeSliceWindow'],
          message: `is required with ${spec.budgetingMethod} (e.g. 5m)`,
        });
      }
      if (
        spec.budgetingMethod === 'Timeslices' &&
        objective.timeSliceTarget === undefined
      ) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['objectives', i, 'timeSliceTarget'],
          message: 'is required with Timeslices (e.g. 0.95)',
        });
      }
    });
  });

const sloDocumentSchema = z.object({
  metadata: metadataSchema,
  spec: sloSpecSchema,
});

type SloDocument = z.infer<typeof sloDocumentSchema>;
export type SliSpec = z.infer<typeof sliSpecSchema>;
type Path = Array<string | number>;

/**
 * An SLO document that passed its schema, waiting for the other objects of
 * the file (its SLI, its policies). `parsed` is the schema's output, whose
 * type is too large to name outside this file.
 */
export interface PendingSlo {
  ctx: DocumentContext;
  name: string;
  parsed: unknown;
}

/** Validates an SLO document; its problems go to `problems`. */
export function parseSloDocument(
  ctx: DocumentContext,
  object: Record<string, unknown>,
  problems: Problem[],
): PendingSlo | null {
  const result = sloDocumentSchema.safeParse(object);
  if (!result.success) {
    problems.push(...zodProblems(ctx, result.error));
    return null;
  }
  return { ctx, name: result.data.metadata.name, parsed: result.data };
}

/** What an SLO document is resolved against: the other objects of its file. */
export interface OpenSloLookups {
  source: string;
  slis: ReadonlyMap<string, { spec: SliSpec }>;
  /** The rules the SLO alerts with, from its `spec.alertPolicies`. */
  alertingOf(
    ctx: DocumentContext,
    items: unknown[] | undefined,
    problems: Problem[],
  ): { names: string[]; spec: SloAlertingSpec };
}

function toMetricQuery(metric: z.infer<typeof metricSchema>): SloMetricQuery {
  const source = metric.metricSource;
  const spec = source.spec ?? {};
  return {
    query: typeof spec.query === 'string' ? spec.query : null,
    dataSourceRef: source.metricSourceRef ?? null,
    dataSourceType: source.type ?? null,
    spec,
  };
}

/** A ratio or threshold indicator, or an unsupported one with the reason. */
function toIndicator(name: string | null, spec: SliSpec): SloIndicator {
  if (spec.thresholdMetric) {
    const metric = toMetricQuery(spec.thresholdMetric);
    return {
      kind: 'threshold',
      name,
      metric,
      dataSourceRef: metric.dataSourceRef,
    };
  }
  const ratio = spec.ratioMetric!;
  if (ratio.raw) {
    return {
      kind: 'unsupported',
      name,
      type: 'raw',
      reason:
        'raw ratio metrics (precomputed ratios) are not supported: the error budget needs event counts. Write good (or bad) and total queries instead of raw',
    };
  }
  const total = toMetricQuery(ratio.total!);
  const good = ratio.good ? toMetricQuery(ratio.good) : null;
  const bad = ratio.bad ? toMetricQuery(ratio.bad) : null;
  return {
    kind: 'ratio',
    name,
    counter: ratio.counter ?? false,
    good,
    bad,
    total,
    dataSourceRef:
      total.dataSourceRef ?? good?.dataSourceRef ?? bad?.dataSourceRef ?? null,
  };
}

function toWindow(window: z.infer<typeof timeWindowSchema>): SloWindow {
  const duration = parseSloDuration(window.duration)!;
  if (!window.calendar) {
    return {
      kind: 'rolling',
      duration: duration.text,
      durationSeconds: fixedDurationSeconds(duration)!,
    };
  }
  return {
    kind: 'calendar',
    duration: duration.text,
    unit: duration.unit,
    count: duration.count,
    startTime: window.calendar.startTime?.trim() || null,
    timeZone: window.calendar.timeZone,
  };
}

/**
 * The definitions of one SLO document: one per objective, or a composite
 * and its members. Problems are added to `problems`; the caller drops the
 * SLO when one of them is an error.
 */
export function sloDefinitions(
  pending: PendingSlo,
  problems: Problem[],
  lookups: OpenSloLookups,
): SloDefinition[] {
  const { ctx } = pending;
  const parsed = pending.parsed as SloDocument;
  const { metadata, spec } = parsed;
  const error = (path: Path, message: string) =>
    problems.push(problem(ctx, 'error', path, message));
  const warn = (path: Path, message: string) =>
    problems.push(problem(ctx, 'warning', path, message));
  const field = (path: Path) => formatPath([...ctx.prefix, ...path]);

  const composite = spec.objectives.some(o => o.indicator || o.indicatorRef);
  const topLevel = Boolean(spec.indicator || spec.indicatorRef);
  if (composite && topLevel) {
    error(
      ['spec', spec.indicator ? 'indicator' : 'indicatorRef'],
      `${field([
        'spec',
      ])} has an indicator and objectives with their own: an SLO is either composite (indicator or indicatorRef on every objective, weighted by compositeWeight) or not (one indicator on spec), not both`,
    );
    return [];
  }
  if (!composite && !topLevel) {
    error(
      ['spec', 'indicatorRef'],
      `${field([
        'spec',
      ])} needs an indicator: write spec.indicator (an inline SLI) or spec.indicatorRef (the name of an SLI), or one on every objective for a composite SLO`,
    );
    return [];
  }
  if (spec.indicator && spec.indicatorRef) {
    error(
      ['spec', 'indicatorRef'],
      `${field(['spec'])} needs exactly one of indicator and indicatorRef`,
    );
    return [];
  }

  if (composite) {
    spec.objectives.forEach((objective, i) => {
      if (!objective.indicator && !objective.indicatorRef) {
        const at: Path = ['spec', 'objectives', i, 'indicatorRef'];
        error(
          at,
          `${field(
            at,
          )} is required: in a composite SLO every objective names its own indicator (indicatorRef: <SLI name>, or an inline indicator)`,
        );
      }
    });
    if (problems.some(p => p.severity === 'error')) {
      return [];
    }
  }

  const window = toWindow(spec.timeWindow[0]);
  const windowProblem = windowResolutionProblem(window);
  if (windowProblem) {
    const at: Path =
      window.kind === 'calendar' &&
      !windowProblem.startsWith(`"${window.duration}"`)
        ? ['spec', 'timeWindow', 0, 'calendar', 'startTime']
        : ['spec', 'timeWindow', 0, 'duration'];
    error(at, `${field(at)} ${windowProblem}`);
  }

  const alerting = lookups.alertingOf(ctx, spec.alertPolicies, problems);

  // The indicator of the SLO, or of each objective of a composite SLO.
  const indicatorAt = (
    where: Path,
    inline: z.infer<typeof inlineIndicatorSchema> | undefined,
    ref: string | undefined,
  ): SloIndicator | null => {
    if (ref) {
      const sli = lookups.slis.get(ref);
      if (!sli) {
        error(
          [...where, 'indicatorRef'],
          `${field([
            ...where,
            'indicatorRef',
          ])} "${ref}" names no valid SLI in this file: add a kind: SLI document named ${ref}, or write the indicator inline`,
        );
        return null;
      }
      return toIndicator(ref, sli.spec);
    }
    return toIndicator(inline!.metadata?.name ?? null, inline!.spec);
  };
  const specIndicator = composite
    ? null
    : indicatorAt(['spec'], spec.indicator, spec.indicatorRef);

  const many = spec.objectives.length > 1 || composite;
  const definitions: SloDefinition[] = [];
  const members: Array<{ key: string; weight: number }> = [];
  spec.objectives.forEach((objective, i) => {
    const at: Path = ['spec', 'objectives', i];
    const where: Path = composite ? at : ['spec'];
    let indicator = composite
      ? indicatorAt(at, objective.indicator, objective.indicatorRef)
      : specIndicator;
    if (!indicator) {
      return;
    }
    const indicatorField: Path = [
      ...where,
      (composite ? objective.indicatorRef : spec.indicatorRef)
        ? 'indicatorRef'
        : 'indicator',
    ];
    let threshold: SloDefinition['threshold'] = null;
    if (indicator.kind === 'threshold') {
      if (spec.budgetingMethod !== 'Timeslices') {
        indicator = {
          kind: 'unsupported',
          name: indicator.name,
          type: 'threshold',
          reason: `a thresholdMetric is computed per time slice: write budgetingMethod: Timeslices (with timeSliceWindow, timeSliceTarget and the objective's op and value), or use a ratioMetric for ${spec.budgetingMethod}`,
        };
      } else if (objective.op === undefined || objective.value === undefined) {
        const missing = objective.op === undefined ? 'op' : 'value';
        error(
          [...at, missing],
          `${field([
            ...at,
            missing,
          ])} is required with a thresholdMetric: a slice is good when its value compares with value by op (lt, lte, gt, gte), e.g. op: lte, value: 250`,
        );
        return;
      } else {
        threshold = { op: objective.op, value: objective.value };
      }
    } else if (objective.op !== undefined || objective.value !== undefined) {
      warn(
        [...at, objective.op !== undefined ? 'op' : 'value'],
        `${field(
          at,
        )}: op and value are used only with a thresholdMetric; ignored`,
      );
    }
    if (indicator.kind === 'unsupported' && (composite || i === 0)) {
      warn(
        indicatorField,
        `${indicator.reason}; the SLO is listed without figures`,
      );
    }
    if (!composite && objective.compositeWeight !== undefined) {
      warn(
        [...at, 'compositeWeight'],
        `${field([
          ...at,
          'compositeWeight',
        ])} is used only by composite SLOs (an indicator or indicatorRef on every objective); ignored`,
      );
    }

    let timeSliceWindowSeconds: number | null = null;
    if (
      spec.budgetingMethod !== 'Occurrences' &&
      objective.timeSliceWindow !== undefined
    ) {
      const slice = parseTimeSliceWindow(objective.timeSliceWindow)!;
      const sliceProblem = sliceResolutionProblem(slice);
      if (sliceProblem) {
        error(
          [...at, 'timeSliceWindow'],
          `${field([...at, 'timeSliceWindow'])} "${
            objective.timeSliceWindow
          }": ${sliceProblem}`,
        );
        return;
      }
      timeSliceWindowSeconds = fixedDurationSeconds(slice);
    }

    const key = many ? `${metadata.name}:${i}` : metadata.name;
    const weight = objective.compositeWeight ?? 1;
    if (composite) {
      members.push({ key, weight });
    }
    definitions.push({
      key,
      name: metadata.name,
      displayName: composite
        ? objective.displayName ?? indicator.name ?? `objective ${i + 1}`
        : metadata.displayName ?? null,
      description: spec.description ?? null,
      service: spec.service,
      target: objective.target ?? percentToFraction(objective.targetPercent!),
      budgetingMethod: spec.budgetingMethod,
      timeSliceTarget:
        spec.budgetingMethod === 'Timeslices'
          ? objective.timeSliceTarget ?? null
          : null,
      timeSliceWindowSeconds,
      window,
      indicator,
      objectiveIndex: i,
      objectiveName: objective.displayName ?? null,
      alertPolicies: alerting.names,
      alerting: alerting.spec,
      threshold,
      compositeOf: composite ? { key: metadata.name, weight } : null,
      origin: {
        ...originOf(ctx, lookups.source),
        namePath: field(['metadata', 'name']),
        format: 'openslo',
      },
    });
  });

  if (composite && definitions.length === spec.objectives.length) {
    const weightSum = members.reduce((sum, m) => sum + m.weight, 0);
    definitions.unshift({
      key: metadata.name,
      name: metadata.name,
      displayName: metadata.displayName ?? null,
      description: spec.description ?? null,
      service: spec.service,
      // For display only: the figures come from the members' budgets.
      target:
        definitions.reduce(
          (sum, d, i) => sum + d.target * members[i].weight,
          0,
        ) / weightSum,
      budgetingMethod: spec.budgetingMethod,
      timeSliceTarget: null,
      timeSliceWindowSeconds: null,
      window,
      indicator: { kind: 'composite', name: null, members },
      objectiveIndex: 0,
      objectiveName: null,
      alertPolicies: alerting.names,
      alerting: alerting.spec,
      threshold: null,
      compositeOf: null,
      origin: {
        ...originOf(ctx, lookups.source),
        namePath: field(['metadata', 'name']),
        format: 'openslo',
      },
    });
  }
  return definitions;
}
