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
  ParsedDefinitions,
  Problem,
  formatPath,
  metadataSchema,
  originOf,
  problem,
  zodProblems,
} from './definitionsShared';
import {
  AlertConditionSpec,
  AlertPolicySpec,
  notificationTargetNames,
  toBurnRateCondition,
} from './opensloAlerting';
import {
  alertConditionDocumentSchema,
  comparison,
  alertNotificationTargetDocumentSchema,
  alertPolicyDocumentSchema,
  dataSourceDocumentSchema,
  inlineAlertPolicySchema,
  inlineIndicatorSchema,
  metricSchema,
  sliDocumentSchema,
  sliSpecSchema,
  timeWindowSchema,
} from './opensloSchemas';
import { sliceResolutionProblem, windowResolutionProblem } from './resolution';
import {
  SloAlertingSpec,
  SloAlertPolicyCondition,
  SloBurnRateCondition,
  SloDefinition,
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
type SliSpec = z.infer<typeof sliSpecSchema>;
type Path = Array<string | number>;

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

/** A policy read from an AlertPolicy document, resolved in `finish`. */
interface PolicyEntry {
  ctx: DocumentContext;
  name: string;
  displayName: string | null;
  spec: AlertPolicySpec;
}

/** A resolved policy: its conditions, or null when it cannot be used. */
interface ResolvedPolicy {
  name: string;
  displayName: string | null;
  notificationTargets: string[];
  conditions: SloBurnRateCondition[] | null;
}

/**
 * Reads the OpenSLO v1 objects of one file, object by object: SLO, SLI,
 * DataSource, AlertPolicy, AlertCondition, AlertNotificationTarget and
 * Service are read, other kinds are ignored with a warning. Every object is
 * validated on its own and a bad one becomes problems. SLOs are added by
 * `finish`, once every object was read, so that `indicatorRef`,
 * `alertPolicyRef` and `conditionRef` may name objects further down the file.
 */
export class OpenSloReader {
  private readonly slis = new Map<string, { spec: SliSpec }>();
  private readonly pendingSlos: Array<{
    ctx: DocumentContext;
    parsed: SloDocument;
  }> = [];
  private readonly policyEntries = new Map<string, PolicyEntry>();
  private readonly conditions = new Map<string, AlertConditionSpec>();
  private readonly resolvedPolicies = new Map<string, ResolvedPolicy>();
  private readonly seen = new Map<string, Set<string>>();

  constructor(
    private readonly out: ParsedDefinitions,
    private readonly source: string,
  ) {}

  /** Reads one object whose `apiVersion` is `openslo/v1`. */
  readObject(ctx: DocumentContext, object: Record<string, unknown>): void {
    switch (ctx.kind) {
      case 'SLO':
        this.readSlo(ctx, object);
        return;
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
            origin: originOf(ctx, this.source),
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
          this.warnAboutConditions(ctx, spec, ['spec']);
          this.policyEntries.set(meta.name, {
            ctx,
            name: meta.name,
            displayName: meta.displayName ?? null,
            spec,
          });
        }
        return;
      }
      case 'AlertCondition': {
        const result = alertConditionDocumentSchema.safeParse(object);
        if (!result.success) {
          this.out.problems.push(...zodProblems(ctx, result.error));
          return;
        }
        const { metadata: meta, spec } = result.data;
        if (this.claimName(ctx, 'AlertCondition', meta.name)) {
          this.warnAboutOp(ctx, spec, ['spec']);
          this.conditions.set(meta.name, spec);
        }
        return;
      }
      case 'AlertNotificationTarget': {
        // Read for completeness: notifications go to the entity's owner.
        const result = alertNotificationTargetDocumentSchema.safeParse(object);
        if (!result.success) {
          this.out.problems.push(...zodProblems(ctx, result.error));
          return;
        }
        this.claimName(
          ctx,
          'AlertNotificationTarget',
          result.data.metadata.name,
        );
        return;
      }
      case 'Service': {
        // A grouping of SLOs; nothing to compute.
        const result = z.object({ metadata: metadataSchema }).safeParse(object);
        if (!result.success) {
          this.out.problems.push(...zodProblems(ctx, result.error));
        }
        return;
      }
      case null:
        this.out.problems.push(
          problem(
            ctx,
            'error',
            ['kind'],
            'kind is required (SLO, SLI, DataSource, AlertPolicy, AlertCondition, AlertNotificationTarget or Service)',
          ),
        );
        return;
      default:
        this.out.problems.push(
          problem(
            ctx,
            'warning',
            ['kind'],
            `kind "${ctx.kind}" is not an OpenSLO v1 kind (SLO, SLI, DataSource, AlertPolicy, AlertCondition, AlertNotificationTarget, Service); not read, ignored`,
          ),
        );
    }
  }

  private readSlo(ctx: DocumentContext, object: Record<string, unknown>) {
    const result = sloDocumentSchema.safeParse(object);
    if (!result.success) {
      this.out.problems.push(...zodProblems(ctx, result.error));
      return;
    }
    if (this.claimName(ctx, 'SLO', result.data.metadata.name)) {
      this.pendingSlos.push({ ctx, parsed: result.data });
    }
  }

  /** Adds the SLOs read, with their indicators and alert policies resolved. */
  finish(): void {
    for (const entry of this.policyEntries.values()) {
      const resolved = this.resolvePolicy(entry.ctx, ['spec'], entry);
      this.resolvedPolicies.set(entry.name, resolved);
      if (resolved.conditions) {
        this.out.alertPolicies.push({
          name: entry.name,
          displayName: entry.displayName,
          description: entry.spec.description ?? null,
          alertWhenNoData: entry.spec.alertWhenNoData ?? false,
          alertWhenBreaching: entry.spec.alertWhenBreaching ?? true,
          alertWhenResolved: entry.spec.alertWhenResolved ?? false,
          conditions: entry.spec.conditions.map(
            (condition, i): SloAlertPolicyCondition => {
              const c = resolved.conditions![i];
              return {
                name: condition.metadata?.name ?? null,
                conditionRef: condition.conditionRef ?? null,
                severity: c.severity,
                burnRate: {
                  op: c.op,
                  threshold: c.threshold,
                  lookbackWindowSeconds: c.lookbackWindowSeconds,
                  alertAfterSeconds: c.alertAfterSeconds,
                },
              };
            },
          ),
          notificationTargets: notificationTargetNames(
            entry.spec.notificationTargets,
          ),
          origin: originOf(entry.ctx, this.source),
        });
      }
    }
    for (const { ctx, parsed } of this.pendingSlos) {
      const problems: Problem[] = [];
      const definitions = this.sloDefinitions(ctx, parsed, problems);
      this.out.problems.push(...problems);
      if (!problems.some(p => p.severity === 'error')) {
        this.out.slos.push(...definitions);
      }
    }
  }

  /**
   * The definitions of one SLO document: one per objective, or a composite
   * and its members. Problems are added to `problems`; the caller drops the
   * SLO when one of them is an error.
   */
  private sloDefinitions(
    ctx: DocumentContext,
    parsed: SloDocument,
    problems: Problem[],
  ): SloDefinition[] {
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

    const alerting = this.alertingOf(ctx, spec.alertPolicies, problems);

    // The indicator of the SLO, or of each objective of a composite SLO.
    const indicatorAt = (
      where: Path,
      inline: z.infer<typeof inlineIndicatorSchema> | undefined,
      ref: string | undefined,
    ): SloIndicator | null => {
      if (ref) {
        const sli = this.slis.get(ref);
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
        } else if (
          objective.op === undefined ||
          objective.value === undefined
        ) {
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
          ...originOf(ctx, this.source),
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
          ...originOf(ctx, this.source),
          namePath: field(['metadata', 'name']),
          format: 'openslo',
        },
      });
    }
    return definitions;
  }

  /**
   * The rules an SLO alerts with: its AlertPolicies (inline, or named by
   * `alertPolicyRef` or a plain name), else the SRE Workbook table. A
   * reference to no AlertPolicy of the file, or to one that cannot be used,
   * is an error of the SLO.
   */
  private alertingOf(
    ctx: DocumentContext,
    items: unknown[] | undefined,
    problems: Problem[],
  ): { names: string[]; spec: SloAlertingSpec } {
    if (!items || items.length === 0) {
      return { names: [], spec: { kind: 'workbook' } };
    }
    const names: string[] = [];
    const policies: ResolvedPolicy[] = [];
    items.forEach((item, i) => {
      const at: Path = ['spec', 'alertPolicies', i];
      let ref: string | null = null;
      let refPath: Path = at;
      if (typeof item === 'string') {
        ref = item;
      } else if (
        item &&
        typeof item === 'object' &&
        'alertPolicyRef' in (item as object)
      ) {
        const value = (item as { alertPolicyRef: unknown }).alertPolicyRef;
        refPath = [...at, 'alertPolicyRef'];
        if (typeof value !== 'string' || !value) {
          problems.push(
            problem(
              ctx,
              'error',
              refPath,
              `${formatPath([
                ...ctx.prefix,
                ...refPath,
              ])} must be the name of an AlertPolicy`,
            ),
          );
          return;
        }
        ref = value;
      }
      if (ref !== null) {
        names.push(ref);
        const resolved = this.resolvedPolicies.get(ref);
        if (!resolved) {
          problems.push(
            problem(
              ctx,
              'error',
              refPath,
              `${formatPath([
                ...ctx.prefix,
                ...refPath,
              ])} "${ref}" names no AlertPolicy in this file: add a kind: AlertPolicy document named ${ref}, write the policy inline, or remove the reference (then the SRE Workbook table applies)`,
            ),
          );
        } else if (!resolved.conditions) {
          problems.push(
            problem(
              ctx,
              'error',
              refPath,
              `${formatPath([
                ...ctx.prefix,
                ...refPath,
              ])} "${ref}" is an AlertPolicy that cannot be used (see its problems)`,
            ),
          );
        } else {
          policies.push(resolved);
        }
        return;
      }
      const inline = inlineAlertPolicySchema.safeParse(item);
      if (!inline.success) {
        problems.push(...zodProblems(ctx, inline.error, at));
        return;
      }
      const entry: PolicyEntry = {
        ctx,
        name: inline.data.metadata.name,
        displayName: inline.data.metadata.displayName ?? null,
        spec: inline.data.spec,
      };
      names.push(entry.name);
      this.warnAboutConditions(ctx, entry.spec, [...at, 'spec'], problems);
      const resolved = this.resolvePolicy(
        ctx,
        [...at, 'spec'],
        entry,
        problems,
      );
      if (resolved.conditions) {
        policies.push(resolved);
      }
    });
    return {
      names,
      spec: {
        kind: 'policies',
        policies: policies.map(p => ({
          name: p.name,
          displayName: p.displayName,
          notificationTargets: p.notificationTargets,
        })),
        conditions: policies.flatMap(p => p.conditions!),
      },
    };
  }

  /** A policy's conditions, with `conditionRef`s resolved; problems where one is missing. */
  private resolvePolicy(
    ctx: DocumentContext,
    specPath: Path,
    entry: PolicyEntry,
    problems: Problem[] = this.out.problems,
  ): ResolvedPolicy {
    const conditions: SloBurnRateCondition[] = [];
    let ok = true;
    entry.spec.conditions.forEach((condition, i) => {
      if (condition.conditionRef) {
        const spec = this.conditions.get(condition.conditionRef);
        if (!spec) {
          ok = false;
          const at = [...specPath, 'conditions', i, 'conditionRef'];
          problems.push(
            problem(
              ctx,
              'error',
              at,
              `${formatPath([...ctx.prefix, ...at])} "${
                condition.conditionRef
              }" names no AlertCondition in this file: add a kind: AlertCondition document named ${
                condition.conditionRef
              }, or write the condition inline`,
            ),
          );
          return;
        }
        conditions.push(
          toBurnRateCondition(entry, i, condition.conditionRef, spec),
        );
        return;
      }
      conditions.push(
        toBurnRateCondition(
          entry,
          i,
          condition.metadata?.name ?? null,
          condition.spec!,
        ),
      );
    });
    return {
      name: entry.name,
      displayName: entry.displayName,
      notificationTargets: notificationTargetNames(
        entry.spec.notificationTargets,
      ),
      conditions: ok ? conditions : null,
    };
  }

  private warnAboutConditions(
    ctx: DocumentContext,
    spec: AlertPolicySpec,
    specPath: Path,
    problems: Problem[] = this.out.problems,
  ) {
    spec.conditions.forEach((condition, i) => {
      if (condition.spec) {
        this.warnAboutOp(
          ctx,
          condition.spec,
          [...specPath, 'conditions', i, 'spec'],
          problems,
        );
      }
    });
  }

  private warnAboutOp(
    ctx: DocumentContext,
    spec: AlertConditionSpec,
    specPath: Path,
    problems: Problem[] = this.out.problems,
  ) {
    if (spec.condition.op === undefined) {
      const at = [...specPath, 'condition', 'op'];
      problems.push(
        problem(
          ctx,
          'warning',
          at,
          `${formatPath([
            ...ctx.prefix,
            ...at,
          ])} is not given: read as gte (alert when the burn rate is at least the threshold); write op: gte to say so`,
        ),
      );
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
          `another ${kind} in this file is already named "${name}"; this one is ignored: rename one of them`,
        ),
      );
      return false;
    }
    names.add(name);
    return true;
  }
}
