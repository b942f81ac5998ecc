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
 * An indicator this package cannot compute (threshold metrics, raw ratios,
 * Sloth plugins). The SLO is still listed; a problem says why it has no figures.
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
export type SloIndicator = SloRatioIndicator | SloUnsupportedIndicator;

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
  /** Where the definition came from. */
  origin: {
    source: string;
    documentIndex: number;
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
  origin: { source: string; documentIndex: number };
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
  burnRate: {
    op: 'lt' | 'lte' | 'gt' | 'gte';
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
  origin: { source: string; documentIndex: number };
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
}
