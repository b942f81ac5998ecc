/**
 * How an SLO counts its error budget (OpenSLO `spec.budgetingMethod`).
 *
 * - `Occurrences`: SLI = good events / total events over the window.
 * - `Timeslices`: the window is cut into slices of `timeSliceWindowSeconds`;
 *   a slice is good when its ratio reaches `timeSliceTarget`;
 *   SLI = good slices / measured slices.
 * - `RatioTimeslices`: SLI = mean of the per-slice ratios.
 *
 * @public
 */
export type SloBudgetingMethod =
  | 'Occurrences'
  | 'Timeslices'
  | 'RatioTimeslices';

/**
 * A duration unit of OpenSLO: minutes, hours, days, weeks, and the calendar
 * units month, quarter and year (which have no fixed length).
 *
 * @public
 */
export type SloDurationUnit = 'm' | 'h' | 'd' | 'w' | 'M' | 'Q' | 'Y';

/**
 * A parsed OpenSLO duration such as `30d` or `1M`.
 *
 * @public
 */
export interface SloDuration {
  /** The text as written, e.g. `30d`. */
  text: string;
  /** How many units, a positive integer. */
  count: number;
  unit: SloDurationUnit;
}

/**
 * A rolling window: always the last `durationSeconds` before now.
 *
 * @public
 */
export interface SloRollingWindow {
  kind: 'rolling';
  /** The duration as written, e.g. `30d`. */
  duration: string;
  durationSeconds: number;
}

/**
 * A calendar-aligned window: consecutive periods of `count` × `unit`, computed
 * in `timeZone` and aligned on `startTime` when given (otherwise on the start of
 * the unit: midnight, ISO Monday, the 1st of the month, quarter or year).
 *
 * @public
 */
export interface SloCalendarWindow {
  kind: 'calendar';
  /** The duration as written, e.g. `1M`. */
  duration: string;
  unit: SloDurationUnit;
  count: number;
  /** Local wall-clock time `YYYY-MM-DD HH:mm:ss` in `timeZone`, or null. */
  startTime: string | null;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: string;
}

/**
 * The time window of an SLO.
 *
 * @public
 */
export type SloWindow = SloRollingWindow | SloCalendarWindow;

/**
 * One metric query of an SLI (OpenSLO `metricSource`, or a Sloth query).
 *
 * @public
 */
export interface SloMetricQuery {
  /** The query text (`metricSource.spec.query`), or null when the data source uses other fields. */
  query: string | null;
  /** Name of a DataSource object (`metricSourceRef`), or null. */
  dataSourceRef: string | null;
  /** Data source type (`metricSource.type`, e.g. `Prometheus`), or null. */
  dataSourceType: string | null;
  /** The whole `metricSource.spec`, for data sources that do not use `query`. */
  spec: Record<string, unknown>;
}

/**
 * A ratio indicator: good (or bad) events over total events.
 *
 * @public
 */
export interface SloRatioIndicator {
  kind: 'ratio';
  /** Name of the SLI object, when it had one. */
  name: string | null;
  /** The queries return monotonically increasing counters (`ratioMetric.counter`). */
  counter: boolean;
  /** Exactly one of `good` and `bad` is set. */
  good: SloMetricQuery | null;
  bad: SloMetricQuery | null;
  total: SloMetricQuery;
  /** The data source of the total query (or of good/bad when total names none). */
  dataSourceRef: string | null;
}

/**
 * A threshold indicator (OpenSLO `thresholdMetric`) of a `Timeslices` SLO:
 * one value per bucket (e.g. a p99 latency), compared with the objective's
 * `op` and `value` (see `SloDefinition.threshold`).
 *
 * @public
 */
export interface SloThresholdIndicator {
  kind: 'threshold';
  name: string | null;
  metric: SloMetricQuery;
  /** The data source of the metric, or null. */
  dataSourceRef: string | null;
}

/**
 * The indicator of a composite SLO (OpenSLO objectives with their own
 * `indicator` or `indicatorRef`): its members are the objectives, each an
 * SLO of its own (key `name:<index>`), weighted by `compositeWeight`.
 *
 * @public
 */
export interface SloCompositeIndicator {
  kind: 'composite';
  name: null;
  members: Array<{ key: string; weight: number }>;
}

/**
 * An indicator this package cannot compute (raw ratios, Sloth plugins,
 * threshold metrics outside Timeslices). The SLO is still listed; a problem
 * says why it has no figures and what to write instead.
 *
 * @public
 */
export interface SloUnsupportedIndicator {
  kind: 'unsupported';
  name: string | null;
  type: 'threshold' | 'raw' | 'plugin';
  reason: string;
}

/**
 * The indicator of an SLO.
 *
 * @public
 */
export type SloIndicator =
  | SloRatioIndicator
  | SloThresholdIndicator
  | SloCompositeIndicator
  | SloUnsupportedIndicator;

/**
 * A comparison operator of OpenSLO (`op`): less than, less or equal, greater
 * than, greater or equal.
 *
 * @public
 */
export type SloComparisonOp = 'lt' | 'lte' | 'gt' | 'gte';

/**
 * One burn-rate condition of an OpenSLO AlertPolicy, resolved for an SLO
 * (inline, or an `AlertCondition` named by `conditionRef`): the condition is
 * breaching when the burn rate over `lookbackWindow` compares with
 * `threshold` by `op`, and alerts once it has been breaching for
 * `alertAfter`.
 *
 * @public
 */
export interface SloBurnRateCondition {
  /** `<policy>/<condition>` (the condition's name, or its index). */
  id: string;
  /** The AlertPolicy's `metadata.name`. */
  policy: string;
  /** The AlertCondition's `metadata.name`, when it has one. */
  name: string | null;
  /** `spec.severity` as written (e.g. `page`, `sev2`, `ticket`). */
  severity: string;
  /** What the severity means here: `page` for page, critical, sev0/sev1, p0/p1; otherwise `ticket`. */
  action: 'page' | 'ticket';
  op: SloComparisonOp;
  threshold: number;
  /** The lookback as written, e.g. `1h`. */
  lookbackWindow: string;
  lookbackWindowSeconds: number;
  /** As written, e.g. `5m`; `0m` when not given. */
  alertAfter: string;
  alertAfterSeconds: number;
  /** From the policy: alert when breaching (default true). */
  alertWhenBreaching: boolean;
  /** From the policy: alert when the lookback has no data (default false). */
  alertWhenNoData: boolean;
  /** From the policy: notify when the alert resolves (default false). */
  alertWhenResolved: boolean;
}

/**
 * One of Sloth's two alerts (`page_alert`, `ticket_alert`).
 *
 * @public
 */
export interface SlothAlertOptions {
  /** `disable: true`: this alert is never raised. */
  disabled: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/**
 * Which rules decide an SLO's alert state:
 *
 * - `workbook`: the SRE Workbook multiwindow, multi-burn-rate table (an
 *   OpenSLO SLO without an alert policy);
 * - `sloth`: Sloth's windows (the Workbook's pages plus its 1 d / 2 h and
 *   3 d / 6 h tickets), without the alerts its author disabled, with the
 *   alert name, labels and annotations of the file;
 * - `policies`: the SLO's own OpenSLO AlertPolicies.
 *
 * @public
 */
export type SloAlertingSpec =
  | { kind: 'workbook' }
  | {
      kind: 'sloth';
      /** `alerting.name`, or null. */
      name: string | null;
      labels: Record<string, string>;
      annotations: Record<string, string>;
      page: SlothAlertOptions;
      ticket: SlothAlertOptions;
    }
  | {
      kind: 'policies';
      policies: Array<{
        name: string;
        displayName: string | null;
        /** Names (`targetRef`) or inline names of the policy's notification targets. */
        notificationTargets: string[];
      }>;
      conditions: SloBurnRateCondition[];
    };

/**
 * One SLO objective, normalised from OpenSLO v1 or Sloth. An OpenSLO SLO with
 * several objectives becomes one definition per objective.
 *
 * @public
 */
export interface SloDefinition {
  /**
   * Unique key within a file: `name` for a single-objective SLO,
   * `name:<objective name or index>` otherwise.
   */
  key: string;
  /** `metadata.name` (RFC 1123 label); for Sloth `<service>-<slo name>`. */
  name: string;
  displayName: string | null;
  description: string | null;
  service: string;
  /** Target in [0, 1), e.g. 0.999. */
  target: number;
  budgetingMethod: SloBudgetingMethod;
  /** For `Timeslices`: the ratio a slice needs to be good, in [0, 1]. */
  timeSliceTarget: number | null;
  /** For `Timeslices` and `RatioTimeslices`: the slice length in seconds. */
  timeSliceWindowSeconds: number | null;
  window: SloWindow;
  indicator: SloIndicator;
  /** Index of the objective in `spec.objectives`, and its name when it has one. */
  objectiveIndex: number;
  objectiveName: string | null;
  /** Names of the alert policies the SLO references. */
  alertPolicies: string[];
  /**
   * Which rules decide the alert state. Absent in definitions stored by
   * earlier versions: those alert with the SRE Workbook table.
   */
  alerting?: SloAlertingSpec;
  /**
   * Threshold indicators: a slice is good when its value `op` `value` (the
   * objective's fields). Null otherwise.
   */
  threshold?: { op: SloComparisonOp; value: number } | null;
  /** A member objective of a composite SLO: the composite's key and this member's weight. */
  compositeOf?: { key: string; weight: number } | null;
  /** Where the definition came from. */
  origin: {
    source: string;
    documentIndex: number;
    /** The item of a document whose top level is a YAML list; absent otherwise. */
    itemIndex?: number;
    /** The field that names the SLO, e.g. `metadata.name` or `slos[1].name`. */
    namePath?: string;
    format: 'openslo' | 'sloth';
  };
}

/**
 * An OpenSLO DataSource object.
 *
 * @public
 */
export interface SloDataSource {
  name: string;
  displayName: string | null;
  description: string | null;
  /** e.g. `Prometheus`. */
  type: string;
  connectionDetails: Record<string, unknown>;
  origin: { source: string; documentIndex: number; itemIndex?: number };
}

/**
 * One condition of an OpenSLO AlertPolicy: inline (a burn-rate condition) or a
 * reference to an AlertCondition object.
 *
 * @public
 */
export interface SloAlertPolicyCondition {
  name: string | null;
  /** Name of a referenced AlertCondition object, or null for an inline one. */
  conditionRef: string | null;
  /** The condition's severity, when inline. */
  severity?: string | null;
  burnRate: {
    op: SloComparisonOp;
    threshold: number;
    lookbackWindowSeconds: number;
    alertAfterSeconds: number;
  } | null;
}

/**
 * An OpenSLO AlertPolicy object.
 *
 * @public
 */
export interface SloAlertPolicy {
  name: string;
  displayName: string | null;
  description: string | null;
  alertWhenNoData: boolean;
  alertWhenBreaching: boolean;
  alertWhenResolved: boolean;
  conditions: SloAlertPolicyCondition[];
  /** The names of its notification targets (`targetRef`, or inline `metadata.name`). */
  notificationTargets?: string[];
  origin: { source: string; documentIndex: number; itemIndex?: number };
}

/**
 * A problem found while reading an SLO definitions file. An `error` means the
 * document (or SLO objective) was dropped or has no figures; a `warning` means
 * something was ignored.
 *
 * @public
 */
export interface DefinitionProblem {
  severity: 'error' | 'warning';
  /** The file, as passed to `parseSloDefinitions`. */
  source: string;
  /** Zero-based index of the YAML document in the file. */
  documentIndex: number;
  /**
   * Zero-based index of the item, when the document's top level is a YAML
   * list of objects (the path then starts with `[i]`); absent otherwise.
   */
  itemIndex?: number;
  /**
   * The key of the SLO the problem belongs to, when it concerns one SLO of a
   * document that holds several (a Sloth file, a data source it uses).
   */
  slo?: string;
  /** 1-based line of the problem or of the document start, when known. */
  line: number | null;
  /** The document's `kind` (`Sloth` for a Sloth file), when known. */
  kind: string | null;
  /** The object's `metadata.name` (Sloth: the SLO name), when known. */
  name: string | null;
  /** Field path in the document, e.g. `spec.objectives[0].target`; empty for the whole document. */
  path: string;
  message: string;
}

/**
 * Everything read from one SLO definitions file.
 *
 * @public
 */
export interface SloDefinitionsResult {
  slos: SloDefinition[];
  dataSources: SloDataSource[];
  alertPolicies: SloAlertPolicy[];
  problems: DefinitionProblem[];
}

/**
 * Raw event counts of one time bucket. Counts, never ratios, so that every
 * window can be recomputed from the same buckets.
 *
 * @public
 */
export interface SloBucket {
  /** Bucket start, epoch milliseconds. */
  start: number;
  durationSeconds: number;
  good: number;
  total: number;
  /**
   * Threshold metrics: the lowest and highest value measured in the bucket
   * (equal for a single measurement; an hourly roll-up keeps both). Absent
   * (or null) for event counts.
   */
  valueMin?: number | null;
  valueMax?: number | null;
}
