import {
  SloDataSource,
  SloDefinition,
  SloDefinitionsResult,
} from '@customer-impact/plugin-customer-impact-common';
import { SliSource } from '@customer-impact/plugin-customer-impact-node';

/** The SLO's data source and the installed source that pulls it, if any. */
export interface SloPullTarget {
  dataSource: {
    name: string;
    type: string;
    connectionDetails: Record<string, unknown>;
  };
  source: SliSource | undefined;
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
 * `metricSourceRef`, or the metric source's inline `type`) and the installed
 * source for its type; null for an SLO without one (its data is pushed).
 */
export function pullTargetOf(
  definition: SloDefinition,
  result: SloDefinitionsResult,
  sliSources: ReadonlyMap<string, SliSource>,
): SloPullTarget | null {
  const indicator = definition.indicator;
  if (indicator.kind !== 'ratio') {
    return null;
  }
  let dataSource: SloPullTarget['dataSource'] | null = null;
  const ref = indicator.dataSourceRef;
  if (ref) {
    const found: SloDataSource | undefined = result.dataSources.find(
      d => d.name === ref,
    );
    if (found) {
      dataSource = {
        name: found.name,
        type: found.type,
        connectionDetails: found.connectionDetails,
      };
    }
  } else {
    const type =
      indicator.total.dataSourceType ??
      indicator.good?.dataSourceType ??
      indicator.bad?.dataSourceType;
    if (type) {
      dataSource = { name: type, type, connectionDetails: {} };
    }
  }
  if (!dataSource) {
    return null;
  }
  return { dataSource, source: sliSourceFor(sliSources, dataSource.type) };
}
