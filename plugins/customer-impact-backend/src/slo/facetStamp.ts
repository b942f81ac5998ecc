import { createHash } from 'node:crypto';
import { SliSource } from '@customer-impact/plugin-customer-impact-node';
import { compareCodeUnits } from '@customer-impact/plugin-customer-impact-common';
import { pullTargetOf } from './pullTarget';
import { SloSeriesRead } from './SloSampleStore';
import { SloCollectionRow, StoredSloDefinitions } from './SloStateStore';

/**
 * Raise when the facet's shape or the way it is computed changes: facets
 * precomputed by an older version are then not served.
 */
const FACET_FORMAT = 1;

/** What an entity's SLO facet at an instant is computed from. */
export interface SloFacetInputs {
  /** The stored definitions. */
  stored: StoredSloDefinitions;
  /** The entity's series, read with their latest fine bucket before the instant. */
  series: ReadonlyMap<string, SloSeriesRead>;
  /** The pull state of the entity's SLOs. */
  collection: ReadonlyMap<string, SloCollectionRow>;
}

/** The settings of the backend that the figures depend on. */
export interface SloFacetSettings {
  fineRetentionDays: number;
  minEvents?: number;
  sliSources: ReadonlyMap<string, SliSource>;
}

/**
 * The stamp of an SLO facet: a hash of everything it is computed from. The
 * figures at an instant depend only on the buckets that start before it; a
 * write that changes a series' buckets raises its version, so two reads of
 * an entity with the same stamp for the same instant compute the same facet
 * (the instant, the definitions as stored, each series' id, version and
 * latest fine bucket before the instant, the pull state, what the installed
 * sources say of each SLO's data source, and the settings).
 */
export function sloFacetStamp(
  inputs: SloFacetInputs,
  at: number,
  settings: SloFacetSettings,
): string {
  const { stored, series, collection } = inputs;
  const byKey = <T>(map: ReadonlyMap<string, T>) =>
    [...map].sort(([a], [b]) => compareCodeUnits(a, b));
  const result = stored.result;
  const parts = [
    FACET_FORMAT,
    at,
    settings.fineRetentionDays,
    settings.minEvents ?? null,
    [
      stored.entityRef,
      stored.annotation,
      stored.location,
      stored.fetchedAt,
      stored.attemptedAt,
      stored.fetchError,
    ],
    result,
    result
      ? result.slos.map(definition => {
          const target = pullTargetOf(definition, result, settings.sliSources);
          return target ? [Boolean(target.source), target.check] : null;
        })
      : null,
    byKey(series).map(([slo, s]) => [
      slo,
      s.id,
      s.version,
      s.latestFine ? [s.latestFine.before, s.latestFine.start] : null,
    ]),
    byKey(collection).map(([slo, c]) => [
      slo,
      c.lastDataAt,
      c.fetchedUntil,
      c.lastSuccessAt,
      c.lastAttemptAt,
      c.lastError,
    ]),
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
