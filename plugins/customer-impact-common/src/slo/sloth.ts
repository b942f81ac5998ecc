import { z } from 'zod';
import {
  fixedDurationSeconds,
  parseSloDuration,
  percentToFraction,
} from './duration';
import {
  DocumentContext,
  ParsedDefinitions,
  formatPath,
  originOf,
  problem,
  rfc1123Name,
  zodProblems,
} from './definitionsShared';
import { resolvableSeconds } from './opensloSchemas';
import { SlothAlertOptions, SloIndicator } from './types';

/**
 * The Sloth spec `version` this package reads.
 *
 * @public
 */
export const SLOTH_VERSION = 'prometheus/v1';

/**
 * The `apiVersion` of Sloth's Kubernetes custom resource
 * (`kind: PrometheusServiceLevel`), whose `spec` is the Sloth spec with
 * camelCase field names.
 *
 * @public
 */
export const SLOTH_CRD_API_VERSION = 'sloth.slok.dev/v1';

/** Sloth SLOs carry no window; Sloth's own default period is 30 days. */
export const DEFAULT_SLOTH_WINDOW = '30d';

/** Label and annotation values: YAML may write them as numbers or booleans. */
const stringMap = z
  .record(z.union([z.string(), z.number(), z.boolean()]), {
    invalid_type_error: 'must be a mapping of names to values',
  })
  .transform(map =>
    Object.fromEntries(Object.entries(map).map(([k, v]) => [k, String(v)])),
  );

/** The field names of the two Sloth formats. */
interface SlothNames {
  errorQuery: string;
  totalQuery: string;
  errorRatioQuery: string;
  pageAlert: string;
  ticketAlert: string;
}

const FILE_NAMES: SlothNames = {
  errorQuery: 'error_query',
  totalQuery: 'total_query',
  errorRatioQuery: 'error_ratio_query',
  pageAlert: 'page_alert',
  ticketAlert: 'ticket_alert',
};

const CRD_NAMES: SlothNames = {
  errorQuery: 'errorQuery',
  totalQuery: 'totalQuery',
  errorRatioQuery: 'errorRatioQuery',
  pageAlert: 'pageAlert',
  ticketAlert: 'ticketAlert',
};

function slothSloSchema(names: SlothNames) {
  const alert = z
    .object({
      disable: z.boolean().optional(),
      labels: stringMap.optional(),
      annotations: stringMap.optional(),
    })
    .passthrough();
  return z
    .object({
      name: rfc1123Name,
      description: z.string().optional(),
      objective: z
        .number({ required_error: 'is required' })
        .gt(0, 'must be a percentage in (0, 100)')
        .lt(100, 'must be a percentage in (0, 100)'),
      labels: stringMap.optional(),
      sli: z
        .object({
          events: z
            .object({
              [names.errorQuery]: z
                .string({ required_error: 'is required' })
                .min(1, 'is required'),
              [names.totalQuery]: z
                .string({ required_error: 'is required' })
                .min(1, 'is required'),
            })
            .passthrough()
            .optional(),
          raw: z
            .object({ [names.errorRatioQuery]: z.string().min(1) })
            .passthrough()
            .optional(),
          plugin: z.object({ id: z.string() }).passthrough().optional(),
        })
        .passthrough()
        .superRefine((sli, ctx) => {
          const count = [sli.events, sli.raw, sli.plugin].filter(
            Boolean,
          ).length;
          if (count !== 1) {
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              path: [],
              message: 'needs exactly one of events, raw and plugin',
            });
          }
        }),
      alerting: z
        .object({
          name: z.string().optional(),
          labels: stringMap.optional(),
          annotations: stringMap.optional(),
          [names.pageAlert]: alert.optional(),
          [names.ticketAlert]: alert.optional(),
        })
        .passthrough()
        .optional(),
    })
    .passthrough();
}

const FILE_SLO_SCHEMA = slothSloSchema(FILE_NAMES);
const CRD_SLO_SCHEMA = slothSloSchema(CRD_NAMES);

const slothSpecSchema = z
  .object({
    service: rfc1123Name,
    slos: z
      .array(z.unknown(), { required_error: 'is required' })
      .min(1, 'needs at least one SLO'),
  })
  .passthrough();

function alertOptions(value: unknown): SlothAlertOptions {
  const alert = (value ?? {}) as {
    disable?: boolean;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  return {
    disabled: alert.disable === true,
    labels: alert.labels ?? {},
    annotations: alert.annotations ?? {},
  };
}

/**
 * Reads a Sloth spec: a Sloth file (`version: prometheus/v1`, `crd: false`)
 * or the `spec` of a `PrometheusServiceLevel` (`crd: true`, camelCase
 * fields; `ctx.prefix` then ends with `spec`). Every SLO is validated on its
 * own and becomes an `Occurrences` SLO over a rolling `slothWindow` (Sloth's
 * SLO period), keyed `<service>-<name>`, alerting with Sloth's windows and
 * its `alerting` options; a bad one becomes problems.
 */
export function readSlothSpec(
  ctx: DocumentContext,
  object: Record<string, unknown>,
  out: ParsedDefinitions,
  source: string,
  options: { crd: boolean; slothWindow?: string },
): void {
  const names = options.crd ? CRD_NAMES : FILE_NAMES;
  const file = slothSpecSchema.safeParse(object);
  if (!file.success) {
    out.problems.push(...zodProblems(ctx, file.error));
    return;
  }
  const windowText = options.slothWindow ?? DEFAULT_SLOTH_WINDOW;
  const duration = parseSloDuration(windowText);
  const windowSeconds = duration ? fixedDurationSeconds(duration) : null;
  if (
    !duration ||
    windowSeconds === null ||
    !resolvableSeconds(windowSeconds)
  ) {
    out.problems.push(
      problem(
        ctx,
        'error',
        [],
        `the Sloth SLO period "${windowText}" (customerImpact.slo.slothPeriod) must be a fixed duration of whole 5-minute buckets, such as 30d or 28d`,
      ),
    );
    return;
  }
  const schema = options.crd ? CRD_SLO_SCHEMA : FILE_SLO_SCHEMA;
  const service = file.data.service;
  const seen = new Set<string>();
  file.data.slos.forEach((raw, i) => {
    const rawNameValue =
      raw && typeof raw === 'object'
        ? (raw as Record<string, unknown>).name
        : undefined;
    const rawName = typeof rawNameValue === 'string' ? rawNameValue : null;
    // Problems of one SLO belong to that SLO only, not to the others of the file.
    const overrides = {
      name: rawName,
      slo: `${service}-${rawName ?? `slos[${i}]`}`,
    };
    const result = schema.safeParse(raw);
    if (!result.success) {
      out.problems.push(
        ...zodProblems(ctx, result.error, ['slos', i], overrides),
      );
      return;
    }
    const slo = result.data as z.infer<typeof FILE_SLO_SCHEMA> &
      Record<string, any>;
    const key = `${service}-${slo.name}`;
    if (seen.has(slo.name)) {
      out.problems.push(
        problem(
          ctx,
          'error',
          ['slos', i, 'name'],
          `another SLO in this file is already named "${slo.name}"; this one is ignored: rename one of them`,
          overrides,
        ),
      );
      return;
    }
    seen.add(slo.name);
    let indicator: SloIndicator;
    const events = slo.sli.events as Record<string, string> | undefined;
    if (events) {
      const errorQuery = events[names.errorQuery];
      const totalQuery = events[names.totalQuery];
      indicator = {
        kind: 'ratio',
        name: null,
        counter: false,
        good: null,
        bad: {
          query: errorQuery,
          dataSourceRef: null,
          dataSourceType: 'Prometheus',
          spec: { query: errorQuery },
        },
        total: {
          query: totalQuery,
          dataSourceRef: null,
          dataSourceType: 'Prometheus',
          spec: { query: totalQuery },
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
            ? `sli.raw (an error ratio query) is not supported: the error budget needs event counts. Write sli.events with ${names.errorQuery} and ${names.totalQuery} instead`
            : `sli.plugin is not supported (the plugin's queries are generated by Sloth): write sli.events with ${names.errorQuery} and ${names.totalQuery} instead`,
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
    const alerting = (slo.alerting ?? {}) as Record<string, any>;
    out.slos.push({
      key,
      name: key,
      displayName: slo.name,
      description: slo.description ?? null,
      service,
      target: percentToFraction(slo.objective),
      budgetingMethod: 'Occurrences',
      timeSliceTarget: null,
      timeSliceWindowSeconds: null,
      window: {
        kind: 'rolling',
        duration: duration.text,
        durationSeconds: windowSeconds,
      },
      indicator,
      // Sloth: the index of the SLO in `slos`.
      objectiveIndex: i,
      objectiveName: null,
      alertPolicies: [],
      alerting: {
        kind: 'sloth',
        name: typeof alerting.name === 'string' ? alerting.name : null,
        labels: alerting.labels ?? {},
        annotations: alerting.annotations ?? {},
        page: alertOptions(alerting[names.pageAlert]),
        ticket: alertOptions(alerting[names.ticketAlert]),
      },
      threshold: null,
      compositeOf: null,
      origin: {
        ...originOf(ctx, source),
        namePath: formatPath([...ctx.prefix, 'slos', i, 'name']),
        format: 'sloth',
      },
    });
  });
}
