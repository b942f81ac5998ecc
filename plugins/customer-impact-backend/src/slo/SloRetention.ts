import {
  DAY_MS,
  MAX_SLO_LOOKBACK_SECONDS,
  fineHorizon,
  fineReadsFrom,
  floorToHour,
  resolveWindow,
} from '@customer-impact/plugin-customer-impact-common';
import { RollUpResult, SloSampleStore } from './SloSampleStore';
import { SloStateStore, eachStoredDefinitions } from './SloStateStore';

/**
 * The roll-up and expiry job of the SLO facet: drops the fine buckets older
 * than the fine retention (their hours stay as roll-ups), and deletes what
 * is older than the longest window of any stored SLO (at least 30 days and
 * the fine retention), plus a day. The fine buckets are kept longer when a
 * stored time-slice SLO with slices shorter than an hour has a longer window
 * (`needsFineBucketsOverWindow` of -common): as long as the longest of those.
 */
export class SloRetention {
  private readonly samples: SloSampleStore;
  private readonly state: SloStateStore;
  private readonly fineRetentionDays: number;
  private readonly now: () => Date;

  constructor(options: {
    samples: SloSampleStore;
    state: SloStateStore;
    fineRetentionDays: number;
    now: () => Date;
  }) {
    this.samples = options.samples;
    this.state = options.state;
    this.fineRetentionDays = options.fineRetentionDays;
    this.now = options.now;
  }

  async apply(): Promise<RollUpResult> {
    const nowMs = this.now().getTime();
    // At least 30 days (the usual window), even for data whose definitions
    // have not been read yet.
    let longestMs = Math.max(this.fineRetentionDays, 30) * DAY_MS;
    const horizon = fineHorizon(nowMs, this.fineRetentionDays);
    let fineFrom = horizon;
    for await (const stored of eachStoredDefinitions(this.state)) {
      for (const definition of stored.result?.slos ?? []) {
        const window = resolveWindow(definition.window, nowMs);
        longestMs = Math.max(
          longestMs,
          nowMs - window.startMs,
          MAX_SLO_LOOKBACK_SECONDS * 1000,
        );
        fineFrom = Math.min(
          fineFrom,
          fineReadsFrom(definition, window.startMs, horizon),
        );
      }
    }
    // A day of slack, so a window never loses its first buckets to the job.
    return this.samples.rollUp(
      fineFrom,
      floorToHour(nowMs - longestMs - DAY_MS),
    );
  }
}
