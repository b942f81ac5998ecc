import { LoggerService } from '@backstage/backend-plugin-api';
import {
  MAX_SLO_LOOKBACK_SECONDS,
  SloDefinition,
  SloDefinitionsResult,
  floorToHour,
  floorToStep,
  resolveWindow,
  sloAlertLookbacks,
} from '@customer-impact/plugin-customer-impact-common';
import { SliBucketCounts } from '@customer-impact/plugin-customer-impact-node';
import { SloPullTarget } from './pullTarget';
import { SloSampleRow, addToHourlyRollUp } from './SloSampleStore';
import { SloService } from './SloService';
import {
  SloCollectionRow,
  StoredSloDefinitions,
  eachStoredDefinitions,
} from './SloStateStore';

/** Length of a pulled bucket. */
export const PULL_BUCKET_SECONDS = 300;
const BUCKET_MS = PULL_BUCKET_SECONDS * 1000;
/** One request covers at most a day (288 five-minute points). */
const CHUNK_MS = 86_400_000;

/** Outcome of one pull of one SLO. */
export interface CollectResult {
  entityRef: string;
  slo: string;
  fetchedFrom: number;
  fetchedUntil: number;
  buckets: number;
  error: string | null;
}

/**
 * Pulls SLI counts from the installed `SliSource`s: for every SLO whose
 * OpenSLO DataSource type has a source, fetches the range not fetched yet
 * (on the first run the whole SLO window, at least the longest burn-rate
 * lookback), in 5-minute buckets. Buckets newer than the fine retention are
 * stored as they are; older ones are summed into whole hours (except those
 * a time-slice SLO of slices shorter than an hour reads over its window:
 * `SloService.fineReadsFrom`). The last
 * bucket is fetched again on the next run, since it may have been
 * incomplete. Per SLO it records `lastDataAt`, `lastSuccessAt` and
 * `lastError`.
 */
export class SloCollector {
  constructor(
    private readonly service: SloService,
    private readonly logger: LoggerService,
  ) {}

  /** Pulls every SLO of every entity whose definitions are stored. */
  async collectAll(): Promise<CollectResult[]> {
    const results: CollectResult[] = [];
    for await (const stored of eachStoredDefinitions(this.service.state)) {
      results.push(...(await this.collectEntity(stored)));
    }
    return results;
  }

  /** Pulls the SLOs of one entity that have an installed source. */
  async collectEntity(stored: StoredSloDefinitions): Promise<CollectResult[]> {
    const result = stored.result;
    if (!result) {
      return [];
    }
    const states = await this.service.state.getCollection(stored.entityRef);
    const results: CollectResult[] = [];
    for (const definition of result.slos) {
      const target = this.service.pullTargetOf(definition, result);
      if (!target?.source) {
        continue;
      }
      if (target.check && !target.check.ok) {
        // Refused without a request (e.g. a server the operator did not
        // configure); the SLO's problems say why.
        continue;
      }
      results.push(
        await this.collectSlo(
          stored.entityRef,
          definition,
          result,
          target,
          states.get(definition.key),
        ),
      );
    }
    return results;
  }

  private async collectSlo(
    entityRef: string,
    definition: SloDefinition,
    _result: SloDefinitionsResult,
    target: SloPullTarget,
    state: SloCollectionRow | undefined,
  ): Promise<CollectResult> {
    const nowMs = this.service.now().getTime();
    const end = floorToStep(nowMs, BUCKET_MS);
    const window = resolveWindow(definition.window, nowMs);
    const reach = Math.max(
      MAX_SLO_LOOKBACK_SECONDS,
      sloAlertLookbacks(definition).reachSeconds,
    );
    const backfillFrom = floorToHour(
      Math.min(window.startMs, nowMs - reach * 1000),
    );
    const horizon = this.service.fineReadsFrom(definition, nowMs);

    let from = backfillFrom;
    if (state?.fetchedUntil !== null && state?.fetchedUntil !== undefined) {
      from = Math.max(backfillFrom, state.fetchedUntil - BUCKET_MS);
      if (from < horizon) {
        // Old data is stored per whole hour: fetch whole hours.
        from = floorToHour(from);
      }
    }
    const row: SloCollectionRow = {
      entityRef,
      slo: definition.key,
      lastDataAt: state?.lastDataAt ?? null,
      fetchedUntil: state?.fetchedUntil ?? null,
      lastSuccessAt: state?.lastSuccessAt ?? null,
      lastAttemptAt: nowMs,
      lastError: null,
    };
    const indicator = definition.indicator;
    if (indicator.kind !== 'ratio' && indicator.kind !== 'threshold') {
      return {
        entityRef,
        slo: definition.key,
        fetchedFrom: from,
        fetchedUntil: from,
        buckets: 0,
        error: null,
      };
    }
    const source = target.source!;
    const fetchChunk = async (
      chunkStart: number,
      chunkEnd: number,
    ): Promise<SliBucketCounts[]> => {
      const common = {
        sloKey: `${entityRef}/${definition.key}`,
        dataSource: target.dataSource,
        start: new Date(chunkStart),
        end: new Date(chunkEnd),
        bucketSeconds: PULL_BUCKET_SECONDS,
      };
      if (indicator.kind === 'ratio') {
        return source.fetchCounts({
          ...common,
          goodQuery: indicator.good?.query ?? undefined,
          badQuery: indicator.bad?.query ?? undefined,
          totalQuery: indicator.total.query ?? '',
        });
      }
      if (!source.fetchValues) {
        throw new Error(
          `the ${target.dataSource.type} source cannot pull threshold metrics: push the values (POST /v1/slo-samples with value)`,
        );
      }
      // One measurement per bucket, kept with its lowest and highest value.
      const values = await source.fetchValues({
        ...common,
        query: indicator.metric.query ?? '',
      });
      return values.map(v => ({
        start: v.start,
        durationSeconds: v.durationSeconds,
        good: 1,
        total: 1,
        valueMin: v.min,
        valueMax: v.max,
      }));
    };
    const outcome: CollectResult = {
      entityRef,
      slo: definition.key,
      fetchedFrom: from,
      fetchedUntil: from,
      buckets: 0,
      error: null,
    };
    try {
      for (let chunkStart = from; chunkStart < end; chunkStart += CHUNK_MS) {
        const chunkEnd = Math.min(end, chunkStart + CHUNK_MS);
        const counts = await fetchChunk(chunkStart, chunkEnd);
        const { fine, hourly, lastEnd } = splitBuckets(
          entityRef,
          definition.key,
          counts,
          chunkStart,
          chunkEnd,
          horizon,
        );
        await this.service.samples.writeSamples(fine, hourly);
        outcome.buckets += counts.length;
        outcome.fetchedUntil = chunkEnd;
        row.fetchedUntil = chunkEnd;
        if (lastEnd !== null) {
          row.lastDataAt = Math.max(row.lastDataAt ?? lastEnd, lastEnd);
        }
      }
      row.lastSuccessAt = nowMs;
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      row.lastError = message;
      outcome.error = message;
      this.logger.warn(
        `Could not pull SLI data of ${entityRef}/${definition.key} from ${target.dataSource.type} data source ${target.dataSource.name}: ${message}`,
      );
    }
    await this.service.state.saveCollection(row);
    return outcome;
  }
}

/**
 * Splits fetched buckets: those at or after the fine horizon are kept as
 * they are; older ones are summed into their hour (the fetch covered whole
 * hours there). Buckets outside the requested range or with invalid counts
 * are dropped.
 */
export function splitBuckets(
  entityRef: string,
  slo: string,
  counts: ReadonlyArray<
    SliBucketCounts & { valueMin?: number | null; valueMax?: number | null }
  >,
  fromMs: number,
  toMs: number,
  horizonMs: number,
): { fine: SloSampleRow[]; hourly: SloSampleRow[]; lastEnd: number | null } {
  const fine = new Map<number, SloSampleRow>();
  const hours = new Map<number, SloSampleRow>();
  let lastEnd: number | null = null;
  for (const c of counts) {
    const start = c.start.getTime();
    if (
      !Number.isFinite(start) ||
      start < fromMs ||
      start >= toMs ||
      !Number.isFinite(c.good) ||
      !Number.isFinite(c.total) ||
      c.total < 0 ||
      c.good < 0
    ) {
      continue;
    }
    const good = Math.min(c.good, c.total);
    const bucketEnd = start + c.durationSeconds * 1000;
    lastEnd = lastEnd === null ? bucketEnd : Math.max(lastEnd, bucketEnd);
    if (start >= horizonMs) {
      fine.set(start, {
        entityRef,
        slo,
        start,
        durationSeconds: c.durationSeconds,
        good,
        total: c.total,
        valueMin: c.valueMin ?? null,
        valueMax: c.valueMax ?? null,
      });
    } else {
      addToHourlyRollUp(
        hours,
        { entityRef, slo },
        {
          start,
          good,
          total: c.total,
          valueMin: c.valueMin,
          valueMax: c.valueMax,
        },
      );
    }
  }
  return { fine: [...fine.values()], hourly: [...hours.values()], lastEnd };
}
