import { z } from 'zod';
import { fixedDurationSeconds, parseSloDuration } from './duration';
import {
  DocumentContext,
  ParsedDefinitions,
  metadataSchema,
  problem,
  secondsOf,
  zodProblems,
} from './definitionsShared';
import {
  alertPolicyDocumentSchema,
  dataSourceDocumentSchema,
  metricSchema,
  sliDocumentSchema,
  sliSpecSchema,
  inlineIndicatorSchema,
  objectiveSchema,
  timeWindowSchema,
} from './opensloSchemas';
import {
  SloAlertPolicyCondition,
  SloIndicator,
  SloMetricQuery,
  SloWindow,
} from './types';

/**
 * The OpenSLO `apiVersion` this package reads.
 *
 * @public
 */
export const OPENSLO_API_VERSION = 'openslo/v1';

// ---------------------------------------------------------------- parsing

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
      .array(timeWindowSchema)
      .length(1, 'must hold exactly one window'),
    budgetingMethod: z.enum(budgetingMethods, {
      errorMap: () => ({
        message: `must be one of ${budgetingMethods.join(', ')}`,
      }),
    }),
    objectives: z.array(objectiveSchema).min(1, 'needs at least one objective'),
    alertPolicies: z.array(z.unknown()).optional(),
  })
  .passthrough()
  .superRefine((spec, ctx) => {
    if (Boolean(spec.indicator) === Boolean(spec.indicatorRef)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['indicatorRef'],
        message: 'needs exactly one of indicator and indicatorRef',
      });
    }
    spec.objectives.forEach((objective, i) => {
      if (spec.budgetingMethod === 'Occurrences') {
        return;
      }
      if (objective.timeSliceWindow === undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['objectives', i, 'timeSliceWindow'],
          message: `is required with ${spec.budgetingMethod}`,
        });
      }
      if (
        spec.budgetingMethod === 'Timeslices' &&
        objective.timeSliceTarget === undefined
      ) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['objectives', i, 'timeSliceTarget'],
          message: 'is required with Timeslices',
        });
      }
    });
  });

const sloDocumentSchema = z.object({
  metadata: metadataSchema,
  spec: sloSpecSchema,
});

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

function toIndicator(
  name: string | null,
  spec: z.infer<typeof sliSpecSchema>,
): SloIndicator {
  if (spec.thresholdMetric) {
    return {
      kind: 'unsupported',
      name,
      type: 'threshold',
      reason:
        'threshold metrics are not supported: good/total event counts are needed',
    };
  }
  const ratio = spec.ratioMetric!;
  if (ratio.raw) {
    return {
      kind: 'unsupported',
      name,
      type: 'raw',
      reason:
        'raw ratio metrics are not supported: good/total event counts are needed',
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

function alertPolicyNames(policies: unknown[] | undefined): string[] {
  const names: string[] = [];
  for (const policy of policies ?? []) {
    if (typeof policy === 'string') {
      names.push(policy);
    } else if (policy && typeof policy === 'object') {
      const record = policy as Record<string, unknown>;
      const metadata = record.metadata as Record<string, unknown> | undefined;
      if (typeof record.alertPolicyRef === 'string') {
        names.push(record.alertPolicyRef);
      } else if (metadata && typeof metadata.name === 'string') {
        names.push(metadata.name);
      }
    }
  }
  return names;
}

/**
 * Reads the OpenSLO v1 objects of one file, document by document: SLO, SLI,
 * DataSource and AlertPolicy are read, other kinds are ignored with a warning.
 * Every document is validated on its own and a bad one becomes problems.
 * SLOs are added by `finish`, once every document was read, so that an
 * `indicatorRef` may name an SLI further down the file.
 */
export class OpenSloReader {
  private readonly slis = new Map<
    string,
    { spec: z.infer<typeof sliSpecSchema> }
  >();
  private readonly pendingSlos: Array<{
    ctx: DocumentContext;
    parsed: z.infer<typeof sloDocumentSchema>;
  }> = [];
  private readonly seen = new Map<string, Set<string>>();

  constructor(
    private readonly out: ParsedDefinitions,
    private readonly source: string,
  ) {}

  /** Reads one document whose `apiVersion` is a string. */
  readDocument(
    ctx: DocumentContext,
    object: Record<string, unknown> & { apiVersion: string },
  ): void {
    ctx.kind = typeof object.kind === 'string' ? object.kind : null;
    const metadata = object.metadata as Record<string, unknown> | undefined;
    ctx.name =
      metadata && typeof metadata.name === 'string' ? metadata.name : null;
    if (object.apiVersion !== OPENSLO_API_VERSION) {
      const severity = object.apiVersion.startsWith('openslo/')
        ? 'error'
        : 'warning';
      this.out.problems.push(
        problem(
          ctx,
          severity,
          ['apiVersion'],
          `apiVersion "${object.apiVersion}" is not supported (expected ${OPENSLO_API_VERSION}); ignored`,
        ),
      );
      return;
    }
    switch (ctx.kind) {
      case 'SLO': {
        const result = sloDocumentSchema.safeParse(object);
        if (!result.success) {
          this.out.problems.push(...zodProblems(ctx, result.error));
          return;
        }
        if (this.claimName(ctx, 'SLO', result.data.metadata.name)) {
          this.pendingSlos.push({ ctx, parsed: result.data });
        }
        return;
      }
      case 'SLI': {
        const result = sliDocumentSchema.safeParse(object);
        if (!result.success) {
          this.out.problems.push(...zodProblems(ctx, result.error));
          return;
        }
        if (this.claimName(ctx, 'SLI', result.data.metadata.name)) {
          this.slis.set(result.data.metadata.name, { spec: result.data.spec });
        }
        return;
      }
      case 'DataSource': {
        const result = dataSourceDocumentSchema.safeParse(object);
        if (!result.success) {
          this.out.problems.push(...zodProblems(ctx, result.error));
          return;
        }
        const { metadata: meta, spec } = result.data;
        if (this.claimName(ctx, 'DataSource', meta.name)) {
          this.out.dataSources.push({
            name: meta.name,
            displayName: meta.displayName ?? null,
            description: spec.description ?? null,
            type: spec.type,
            connectionDetails: spec.connectionDetails ?? {},
            origin: { source: this.source, documentIndex: ctx.index },
          });
        }
        return;
      }
      case 'AlertPolicy': {
        const result = alertPolicyDocumentSchema.safeParse(object);
        if (!result.success) {
          this.out.problems.push(...zodProblems(ctx, result.error));
          return;
        }
        const { metadata: meta, spec } = result.data;
        if (this.claimName(ctx, 'AlertPolicy', meta.name)) {
          this.out.alertPolicies.push({
            name: meta.name,
            displayName: meta.displayName ?? null,
            description: spec.description ?? null,
            alertWhenNoData: spec.alertWhenNoData ?? false,
            alertWhenBreaching: spec.alertWhenBreaching ?? true,
            alertWhenResolved: spec.alertWhenResolved ?? false,
            conditions: spec.conditions.map(
              (condition): SloAlertPolicyCondition => {
                const c = condition.spec?.condition;
                return {
                  name: condition.metadata?.name ?? null,
                  conditionRef: condition.conditionRef ?? null,
                  burnRate: c
                    ? {
                        op: c.op,
                        threshold: c.threshold,
                        lookbackWindowSeconds: secondsOf(c.lookbackWindow),
                        alertAfterSeconds: secondsOf(c.alertAfter),
                      }
                    : null,
                };
              },
            ),
            origin: { source: this.source, documentIndex: ctx.index },
          });
        }
        return;
      }
      case null:
        this.out.problems.push(
          problem(ctx, 'error', ['kind'], 'kind is required'),
        );
        return;
      default:
        this.out.problems.push(
          problem(
            ctx,
            'warning',
            ['kind'],
            `kind "${ctx.kind}" is not read by this plugin (SLO, SLI, DataSource, AlertPolicy); ignored`,
          ),
        );
    }
  }

  /** Adds the SLOs read, with their indicators resolved. */
  finish(): void {
    // SLOs last, so that an indicatorRef may name an SLI further down the file.
    for (const { ctx, parsed } of this.pendingSlos) {
      const { metadata, spec } = parsed;
      let indicator: SloIndicator;
      if (spec.indicatorRef) {
        const sli = this.slis.get(spec.indicatorRef);
        if (!sli) {
          this.out.problems.push(
            problem(
              ctx,
              'error',
              ['spec', 'indicatorRef'],
              `spec.indicatorRef "${spec.indicatorRef}" names no valid SLI in this file`,
            ),
          );
          continue;
        }
        indicator = toIndicator(spec.indicatorRef, sli.spec);
      } else {
        indicator = toIndicator(
          spec.indicator!.metadata?.name ?? null,
          spec.indicator!.spec,
        );
      }
      if (indicator.kind === 'unsupported') {
        this.out.problems.push(
          problem(
            ctx,
            'warning',
            spec.indicatorRef
              ? ['spec', 'indicatorRef']
              : ['spec', 'indicator'],
            `${indicator.reason}; the SLO is listed without figures`,
          ),
        );
      }
      const window = toWindow(spec.timeWindow[0]);
      const many = spec.objectives.length > 1;
      spec.objectives.forEach((objective, i) => {
        const target =
          objective.target ?? (objective.targetPercent as number) / 100;
        this.out.slos.push({
          key: many ? `${metadata.name}:${i}` : metadata.name,
          name: metadata.name,
          displayName: metadata.displayName ?? null,
          description: spec.description ?? null,
          service: spec.service,
          target,
          budgetingMethod: spec.budgetingMethod,
          timeSliceTarget:
            spec.budgetingMethod === 'Occurrences'
              ? null
              : objective.timeSliceTarget ?? null,
          timeSliceWindowSeconds:
            spec.budgetingMethod === 'Occurrences' || !objective.timeSliceWindow
              ? null
              : secondsOf(objective.timeSliceWindow),
          window,
          indicator,
          objectiveIndex: i,
          objectiveName: objective.displayName ?? null,
          alertPolicies: alertPolicyNames(spec.alertPolicies),
          origin: {
            source: this.source,
            documentIndex: ctx.index,
            format: 'openslo',
          },
        });
      });
    }
  }

  private claimName(ctx: DocumentContext, kind: string, name: string) {
    const names = this.seen.get(kind) ?? new Set<string>();
    this.seen.set(kind, names);
    if (names.has(name)) {
      this.out.problems.push(
        problem(
          ctx,
          'error',
          ['metadata', 'name'],
          `another ${kind} in this file is already named "${name}"; this one is ignored`,
        ),
      );
      return false;
    }
    names.add(name);
    return true;
  }
}
