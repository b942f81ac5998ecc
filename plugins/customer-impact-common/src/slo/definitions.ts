import { IANAZone } from 'luxon';
import { Document, LineCounter, parseAllDocuments } from 'yaml';
import { z } from 'zod';
import {
  fixedDurationSeconds,
  isCalendarUnit,
  parseSloDuration,
} from './duration';
import {
  DefinitionProblem,
  SloAlertPolicy,
  SloAlertPolicyCondition,
  SloDataSource,
  SloDefinition,
  SloDefinitionsResult,
  SloIndicator,
  SloMetricQuery,
  SloWindow,
} from './types';
import { parseCalendarStartTime } from './windows';

/**
 * The OpenSLO `apiVersion` this package reads.
 *
 * @public
 */
export const OPENSLO_API_VERSION = 'openslo/v1';

/**
 * The Sloth spec `version` this package reads.
 *
 * @public
 */
export const SLOTH_VERSION = 'prometheus/v1';

/**
 * Options of `parseSloDefinitions`.
 *
 * @public
 */
export interface ParseSloDefinitionsOptions {
  /**
   * Window of Sloth SLOs, which do not carry one (Sloth's own default is
   * 30 days): a fixed duration such as `30d` or `28d`. Default `30d`.
   */
  slothWindow?: string;
}

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RFC1123_MESSAGE =
  "must be an RFC 1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit";

/** Paths like `spec.objectives[0].target`. */
function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else {
      out += out ? `.${part}` : part;
    }
  }
  return out;
}

// ---------------------------------------------------------------- schemas

const rfc1123Name = z
  .string({ required_error: 'is required' })
  .max(63, RFC1123_MESSAGE)
  .regex(RFC1123_LABEL, RFC1123_MESSAGE);

const metadataSchema = z
  .object({
    name: rfc1123Name,
    displayName: z.string().optional(),
  })
  .passthrough();

const durationSchema = z.string().refine(
  text => parseSloDuration(text) !== null,
  text => ({
    message: `invalid duration "${text}": expected a positive whole number and one of m h d w M Q Y (e.g. 5m, 30d, 1M)`,
  }),
);

const fixedDurationSchema = durationSchema.refine(
  text => {
    const parsed = parseSloDuration(text);
    return parsed === null || !isCalendarUnit(parsed.unit);
  },
  text => ({
    message: `"${text}" is a calendar duration (M, Q, Y have no fixed length): use m, h, d or w`,
  }),
);

const metricSourceSchema = z
  .object({
    metricSourceRef: z.string().min(1).optional(),
    type: z.string().min(1).optional(),
    spec: z.record(z.unknown()).optional(),
  })
  .passthrough();

const metricSchema = z
  .object({ metricSource: metricSourceSchema })
  .passthrough();

const ratioMetricSchema = z
  .object({
    counter: z.boolean().optional(),
    good: metricSchema.optional(),
    bad: metricSchema.optional(),
    total: metricSchema.optional(),
    rawType: z.enum(['success', 'failure']).optional(),
    raw: metricSchema.optional(),
  })
  .passthrough()
  .superRefine((metric, ctx) => {
    if (metric.raw) {
      if (!metric.rawType) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['rawType'],
          message: 'is required with raw (success or failure)',
        });
      }
      return;
    }
    if (!metric.total) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['total'],
        message: 'is required (or use raw with rawType)',
      });
    }
    if (Boolean(metric.good) === Boolean(metric.bad)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [],
        message: 'needs exactly one of good and bad',
      });
    }
  });

const sliSpecSchema = z
  .object({
    description: z.string().optional(),
    thresholdMetric: metricSchema.optional(),
    ratioMetric: ratioMetricSchema.optional(),
  })
  .passthrough()
  .superRefine((spec, ctx) => {
    if (Boolean(spec.thresholdMetric) === Boolean(spec.ratioMetric)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [],
        message: 'needs exactly one of thresholdMetric and ratioMetric',
      });
    }
  });

const sliDocumentSchema = z.object({
  metadata: metadataSchema,
  spec: sliSpecSchema,
});

const inlineIndicatorSchema = z.object({
  metadata: metadataSchema.optional(),
  spec: sliSpecSchema,
});

const timeWindowSchema = z
  .object({
    duration: durationSchema,
    isRolling: z.boolean().optional(),
    calendar: z
      .object({
        startTime: z.string().optional(),
        timeZone: z.string({ required_error: 'is required' }),
      })
      .optional(),
  })
  .passthrough()
  .superRefine((window, ctx) => {
    const duration = parseSloDuration(window.duration);
    if (!window.calendar) {
      if (window.isRolling !== true) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['isRolling'],
          message:
            'must be true for a rolling window; a calendar window needs calendar.timeZone',
        });
      } else if (duration && isCalendarUnit(duration.unit)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['duration'],
          message: `a rolling window needs a fixed duration (m, h, d, w), got "${window.duration}"`,
        });
      }
      return;
    }
    if (window.isRolling === true) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['calendar'],
        message: 'a rolling window (isRolling: true) cannot have a calendar',
      });
      return;
    }
    const zone = window.calendar.timeZone;
    if (!IANAZone.isValidZone(zone)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['calendar', 'timeZone'],
        message: `"${zone}" is not an IANA time zone`,
      });
      return;
    }
    const startTime = window.calendar.startTime;
    if (startTime !== undefined && !parseCalendarStartTime(startTime, zone)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['calendar', 'startTime'],
        message: `"${startTime}" is not a local date-time "YYYY-MM-DD HH:mm:ss" (without a zone)`,
      });
    }
  });

const objectiveSchema = z
  .object({
    displayName: z.string().optional(),
    op: z.enum(['lt', 'lte', 'gt', 'gte']).optional(),
    value: z.number().optional(),
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
    timeSliceWindow: fixedDurationSchema.optional(),
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
  });

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

const dataSourceDocumentSchema = z.object({
  metadata: metadataSchema,
  spec: z
    .object({
      description: z.string().optional(),
      type: z.string({ required_error: 'is required' }).min(1, 'is required'),
      connectionDetails: z.record(z.unknown()).optional(),
    })
    .passthrough(),
});

const alertConditionSpecSchema = z
  .object({
    description: z.string().optional(),
    severity: z.string().optional(),
    condition: z
      .object({
        kind: z.literal('burnrate', {
          errorMap: () => ({ message: 'only kind burnrate is defined' }),
        }),
        op: z.enum(['lt', 'lte', 'gt', 'gte']),
        threshold: z.number(),
        lookbackWindow: fixedDurationSchema,
        alertAfter: fixedDurationSchema,
      })
      .passthrough(),
  })
  .passthrough();

const alertPolicyDocumentSchema = z.object({
  metadata: metadataSchema,
  spec: z
    .object({
      description: z.string().optional(),
      alertWhenNoData: z.boolean().optional(),
      alertWhenResolved: z.boolean().optional(),
      alertWhenBreaching: z.boolean().optional(),
      conditions: z
        .array(
          z
            .object({
              conditionRef: z.string().min(1).optional(),
              kind: z.string().optional(),
              metadata: metadataSchema.optional(),
              spec: alertConditionSpecSchema.optional(),
            })
            .passthrough()
            .superRefine((condition, ctx) => {
              if (Boolean(condition.conditionRef) === Boolean(condition.spec)) {
                ctx.addIssue({
                  code: z.ZodIssueCode.custom,
                  path: [],
                  message:
                    'needs exactly one of conditionRef and an inline AlertCondition (spec)',
                });
              }
            }),
        )
        .min(1, 'needs at least one condition'),
      notificationTargets: z.array(z.unknown()).optional(),
    })
    .passthrough(),
});

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

// ---------------------------------------------------------------- parsing

type Problem = Omit<DefinitionProblem, 'source'>;

interface DocumentContext {
  index: number;
  doc: Document.Parsed;
  lines: LineCounter;
  kind: string | null;
  name: string | null;
}

function lineOf(
  ctx: DocumentContext,
  path: ReadonlyArray<string | number>,
): number | null {
  for (let n = path.length; n >= 0; n--) {
    const node = ctx.doc.getIn(path.slice(0, n), true) as
      | { range?: [number, number, number] }
      | undefined;
    if (node && typeof node === 'object' && node.range) {
      return ctx.lines.linePos(node.range[0]).line || null;
    }
  }
  return null;
}

function problem(
  ctx: DocumentContext,
  severity: 'error' | 'warning',
  path: ReadonlyArray<string | number>,
  message: string,
  overrides: Partial<Problem> = {},
): Problem {
  return {
    severity,
    documentIndex: ctx.index,
    line: lineOf(ctx, path),
    kind: ctx.kind,
    name: ctx.name,
    path: formatPath(path),
    message,
    ...overrides,
  };
}

function zodProblems(
  ctx: DocumentContext,
  error: z.ZodError,
  prefix: ReadonlyArray<string | number> = [],
  overrides: Partial<Problem> = {},
): Problem[] {
  return error.issues.map(issue => {
    const path = [...prefix, ...issue.path];
    const field = formatPath(path);
    return problem(
      ctx,
      'error',
      path,
      field ? `${field} ${issue.message}` : issue.message,
      overrides,
    );
  });
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

function secondsOf(text: string): number {
  return fixedDurationSeconds(parseSloDuration(text)!)!;
}

/**
 * Reads SLO definitions from one YAML file: either OpenSLO v1 objects
 * (`apiVersion: openslo/v1`, several documents allowed; kinds SLO, SLI,
 * DataSource and AlertPolicy are read, other kinds are ignored with a warning)
 * or a Sloth file (`version: prometheus/v1`).
 *
 * Every document, and every Sloth SLO, is validated on its own: a bad one is
 * reported in `problems` (with the file, the document index, kind and name
 * when known, and the field path such as `spec.objectives[0].target`) and the
 * others are still read. `indicatorRef` is resolved against the SLI objects of
 * the same file. Indicators other than good/bad-over-total ratios are kept with
 * an `unsupported` indicator and a warning. Never throws on bad input.
 *
 * @param yamlText - the file's content
 * @param source - the file's name or URL, repeated in every problem
 * @public
 */
export function parseSloDefinitions(
  yamlText: string,
  source: string,
  options: ParseSloDefinitionsOptions = {},
): SloDefinitionsResult {
  const problems: Problem[] = [];
  const slos: SloDefinition[] = [];
  const dataSources: SloDataSource[] = [];
  const alertPolicies: SloAlertPolicy[] = [];
  const slis = new Map<string, { spec: z.infer<typeof sliSpecSchema> }>();
  const pendingSlos: Array<{
    ctx: DocumentContext;
    parsed: z.infer<typeof sloDocumentSchema>;
  }> = [];
  const seen = new Map<string, Set<string>>();

  const lines = new LineCounter();
  const documents = parseAllDocuments(yamlText, {
    lineCounter: lines,
    prettyErrors: true,
  });

  const claimName = (ctx: DocumentContext, kind: string, name: string) => {
    const names = seen.get(kind) ?? new Set<string>();
    seen.set(kind, names);
    if (names.has(name)) {
      problems.push(
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
  };

  documents.forEach((doc, index) => {
    const ctx: DocumentContext = { index, doc, lines, kind: null, name: null };
    const startLine = lines.linePos(doc.range[0]).line || null;
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        problems.push({
          severity: 'error',
          documentIndex: index,
          line: error.linePos?.[0].line ?? startLine,
          kind: null,
          name: null,
          path: '',
          message: `invalid YAML: ${error.message.split('\n')[0]}`,
        });
      }
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      problems.push(
        problem(ctx, 'error', [], `invalid YAML: ${(e as Error).message}`),
      );
      return;
    }
    if (value === null || value === undefined) {
      return; // an empty document, e.g. after a trailing `---`
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      problems.push(problem(ctx, 'error', [], 'a document must be a mapping'));
      return;
    }
    const object = value as Record<string, unknown>;
    if (object.version === SLOTH_VERSION && object.apiVersion === undefined) {
      ctx.kind = 'Sloth';
      readSloth(ctx, object);
      return;
    }
    if (typeof object.apiVersion !== 'string') {
      problems.push(
        problem(
          ctx,
          'warning',
          [],
          `neither an OpenSLO object (apiVersion: ${OPENSLO_API_VERSION}) nor a Sloth file (version: ${SLOTH_VERSION}); ignored`,
        ),
      );
      return;
    }
    ctx.kind = typeof object.kind === 'string' ? object.kind : null;
    const metadata = object.metadata as Record<string, unknown> | undefined;
    ctx.name =
      metadata && typeof metadata.name === 'string' ? metadata.name : null;
    if (object.apiVersion !== OPENSLO_API_VERSION) {
      const severity = object.apiVersion.startsWith('openslo/')
        ? 'error'
        : 'warning';
      problems.push(
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
          problems.push(...zodProblems(ctx, result.error));
          return;
        }
        if (claimName(ctx, 'SLO', result.data.metadata.name)) {
          pendingSlos.push({ ctx, parsed: result.data });
        }
        return;
      }
      case 'SLI': {
        const result = sliDocumentSchema.safeParse(object);
        if (!result.success) {
          problems.push(...zodProblems(ctx, result.error));
          return;
        }
        if (claimName(ctx, 'SLI', result.data.metadata.name)) {
          slis.set(result.data.metadata.name, { spec: result.data.spec });
        }
        return;
      }
      case 'DataSource': {
        const result = dataSourceDocumentSchema.safeParse(object);
        if (!result.success) {
          problems.push(...zodProblems(ctx, result.error));
          return;
        }
        const { metadata: meta, spec } = result.data;
        if (claimName(ctx, 'DataSource', meta.name)) {
          dataSources.push({
            name: meta.name,
            displayName: meta.displayName ?? null,
            description: spec.description ?? null,
            type: spec.type,
            connectionDetails: spec.connectionDetails ?? {},
            origin: { source, documentIndex: index },
          });
        }
        return;
      }
      case 'AlertPolicy': {
        const result = alertPolicyDocumentSchema.safeParse(object);
        if (!result.success) {
          problems.push(...zodProblems(ctx, result.error));
          return;
        }
        const { metadata: meta, spec } = result.data;
        if (claimName(ctx, 'AlertPolicy', meta.name)) {
          alertPolicies.push({
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
            origin: { source, documentIndex: index },
          });
        }
        return;
      }
      case null:
        problems.push(problem(ctx, 'error', ['kind'], 'kind is required'));
        return;
      default:
        problems.push(
          problem(
            ctx,
            'warning',
            ['kind'],
            `kind "${ctx.kind}" is not read by this plugin (SLO, SLI, DataSource, AlertPolicy); ignored`,
          ),
        );
    }
  });

  // SLOs last, so that an indicatorRef may name an SLI further down the file.
  for (const { ctx, parsed } of pendingSlos) {
    const { metadata, spec } = parsed;
    let indicator: SloIndicator;
    if (spec.indicatorRef) {
      const sli = slis.get(spec.indicatorRef);
      if (!sli) {
        problems.push(
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
      problems.push(
        problem(
          ctx,
          'warning',
          spec.indicatorRef ? ['spec', 'indicatorRef'] : ['spec', 'indicator'],
          `${indicator.reason}; the SLO is listed without figures`,
        ),
      );
    }
    const window = toWindow(spec.timeWindow[0]);
    const many = spec.objectives.length > 1;
    spec.objectives.forEach((objective, i) => {
      const target =
        objective.target ?? (objective.targetPercent as number) / 100;
      slos.push({
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
        origin: { source, documentIndex: ctx.index, format: 'openslo' },
      });
    });
  }

  function readSloth(ctx: DocumentContext, object: Record<string, unknown>) {
    const file = slothFileSchema.safeParse(object);
    if (!file.success) {
      problems.push(...zodProblems(ctx, file.error));
      return;
    }
    const windowText = options.slothWindow ?? '30d';
    const duration = parseSloDuration(windowText);
    const windowSeconds = duration ? fixedDurationSeconds(duration) : null;
    if (!duration || windowSeconds === null) {
      problems.push(
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
        problems.push(
          ...zodProblems(ctx, result.error, ['slos', i], overrides),
        );
        return;
      }
      const slo = result.data;
      if (names.has(slo.name)) {
        problems.push(
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
        problems.push(
          problem(
            ctx,
            'warning',
            ['slos', i, 'sli', type],
            `${indicator.reason}; the SLO is listed without figures`,
            overrides,
          ),
        );
      }
      slos.push({
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

  if (documents.length === 0) {
    problems.push({
      severity: 'warning',
      documentIndex: 0,
      line: null,
      kind: null,
      name: null,
      path: '',
      message: 'the file holds no YAML document',
    });
  }

  return {
    slos,
    dataSources,
    alertPolicies,
    problems: problems.map(p => ({ source, ...p })),
  };
}
