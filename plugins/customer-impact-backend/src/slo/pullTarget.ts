import {
  DefinitionProblem,
  SloDataSource,
  SloDefinition,
  SloDefinitionsResult,
} from '@customer-impact/plugin-customer-impact-common';
import {
  SliDataSource,
  SliDataSourceCheck,
  SliSource,
} from '@customer-impact/plugin-customer-impact-node';

/** The SLO's data source and the installed source that pulls it, if any. */
export interface SloPullTarget {
  dataSource: SliDataSource;
  /** The DataSource object of the file; null when the SLO names none. */
  object: SloDataSource | null;
  source: SliSource | undefined;
  /**
   * Whether the source may query the DataSource (decided without a request);
   * null when no source is installed or it does not check.
   */
  check: SliDataSourceCheck | null;
}

/** The installed source for a DataSource type (types compare case-insensitively). */
export function sliSourceFor(
  sliSources: ReadonlyMap<string, SliSource>,
  type: string,
): SliSource | undefined {
  const wanted = type.toLocaleLowerCase('en-US');
  for (const [key, source] of sliSources) {
    if (key.toLocaleLowerCase('en-US') === wanted) {
      return source;
    }
  }
  return undefined;
}

/**
 * Where an SLO's data is pulled from: its DataSource (named by
 * `metricSourceRef`, or only the metric source's inline `type`, as for
 * Sloth SLOs: then the DataSource is implicit and the source uses its
 * default), the installed source for its type, and whether that source may
 * query it. Null for an SLO without either (its data is pushed).
 */
export function pullTargetOf(
  definition: SloDefinition,
  result: SloDefinitionsResult,
  sliSources: ReadonlyMap<string, SliSource>,
): SloPullTarget | null {
  const indicator = definition.indicator;
  let ref: string | null;
  let inlineType: string | null;
  if (indicator.kind === 'ratio') {
    ref = indicator.dataSourceRef;
    inlineType =
      indicator.total.dataSourceType ??
      indicator.good?.dataSourceType ??
      indicator.bad?.dataSourceType ??
      null;
  } else if (indicator.kind === 'threshold') {
    ref = indicator.dataSourceRef;
    inlineType = indicator.metric.dataSourceType;
  } else {
    return null;
  }
  let dataSource: SliDataSource | null = null;
  let object: SloDataSource | null = null;
  if (ref) {
    object = result.dataSources.find(d => d.name === ref) ?? null;
    if (object) {
      dataSource = {
        name: object.name,
        type: object.type,
        connectionDetails: object.connectionDetails,
      };
    }
  } else if (inlineType) {
    dataSource = {
      name: inlineType,
      type: inlineType,
      connectionDetails: {},
      implicit: true,
    };
  }
  if (!dataSource) {
    return null;
  }
  const source = sliSourceFor(sliSources, dataSource.type);
  return {
    dataSource,
    object,
    source,
    check: source?.checkDataSource?.(dataSource) ?? null,
  };
}

/**
 * The problem of an SLO whose source may not query its DataSource: placed on
 * the DataSource's field when the file has the object, else on the SLO.
 */
export function pullTargetProblem(
  definition: SloDefinition,
  target: SloPullTarget,
): DefinitionProblem | null {
  const check = target.check;
  if (!check || check.ok) {
    return null;
  }
  const origin = target.object?.origin ?? definition.origin;
  return {
    // An SLO that names no DataSource may well be pushed: a warning. A
    // DataSource the source refuses is an error.
    severity: target.dataSource.implicit ? 'warning' : 'error',
    source: origin.source,
    documentIndex: origin.documentIndex,
    ...(origin.itemIndex === undefined ? {} : { itemIndex: origin.itemIndex }),
    slo: definition.key,
    line: null,
    kind: target.object ? 'DataSource' : 'SLO',
    name: target.object?.name ?? definition.name,
    path:
      target.object && check.field
        ? `${origin.itemIndex === undefined ? '' : `[${origin.itemIndex}].`}${
            check.field
          }`
        : '',
    message: `${check.message}. The SLO is not pulled: push its data, or fix the data source`,
  };
}
