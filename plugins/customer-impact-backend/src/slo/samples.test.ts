import { validateSamples } from './samples';
import { seriesKey } from './SloSampleStore';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const DAY = 86_400_000;
const HORIZON = NOW - 35 * DAY;

/** A push as `yarn bench` makes them: 2 SLOs × 30 days of 5-minute buckets. */
function monthPush() {
  const first = NOW - 30 * DAY;
  const samples: Array<Record<string, unknown>> = [];
  for (const slo of ['availability', 'latency']) {
    for (let b = 0; b < 30 * 288; b++) {
      samples.push({
        entityRef: 'Component:default/Checkout',
        slo,
        start: new Date(first + b * 300_000).toISOString(),
        durationSeconds: 300,
        ...(slo === 'availability' ? { total: 100, bad: b % 3 } : { value: b }),
      });
    }
  }
  return { samples };
}

describe('validateSamples', () => {
  it('checks a push of 17,280 samples in slices of 2,000, with the same rows', async () => {
    let pauses = 0;
    const rows = await validateSamples(
      monthPush(),
      { fineHorizonMs: HORIZON, fineRetentionDays: 35 },
      NOW,
      async () => {
        pauses += 1;
      },
    );
    expect(rows).toHaveLength(17_280);
    // 9 slices of the body's checks and 9 of its rows: 8 pauses each.
    expect(pauses).toBe(16);
    expect(rows[1]).toEqual({
      entityRef: 'component:default/checkout',
      slo: 'availability',
      start: NOW - 30 * DAY + 300_000,
      durationSeconds: 300,
      good: 99,
      total: 100,
      valueMin: null,
      valueMax: null,
    });
    expect(rows[8640 + 7]).toEqual({
      entityRef: 'component:default/checkout',
      slo: 'latency',
      start: NOW - 30 * DAY + 7 * 300_000,
      durationSeconds: 300,
      good: 1,
      total: 1,
      valueMin: 7,
      valueMax: 7,
    });
  });

  it('still names the sample at fault after the first slices', async () => {
    const body = monthPush();
    body.samples[12_345] = { ...body.samples[12_344] };
    await expect(
      validateSamples(
        body,
        { fineHorizonMs: HORIZON, fineRetentionDays: 35 },
        NOW,
        async () => {},
      ),
    ).rejects.toThrow(
      'samples[12345].start: is the same bucket (entityRef, slo, start) as samples[12344]',
    );
  });

  describe('before the fine horizon', () => {
    const sample = (slo: string, daysAgo: number) => ({
      entityRef: 'component:default/checkout',
      slo,
      start: new Date(NOW - daysAgo * DAY).toISOString(),
      durationSeconds: 300,
      total: 10,
      bad: 1,
    });

    it('refuses samples older than the fine retention, naming each', async () => {
      await expect(
        validateSamples(
          { samples: [sample('availability', 1), sample('availability', 40)] },
          { fineHorizonMs: HORIZON, fineRetentionDays: 35 },
          NOW,
          async () => {},
        ),
      ).rejects.toThrow(
        'samples[1].start: is older than the 35 days kept in 5-minute buckets (before 2026-10-17T12:00:00.000Z); that time is already rolled up into hourly buckets',
      );
    });

    it('takes them as far back as their SLO keeps its fine buckets, asking once for the series before the horizon', async () => {
      const horizon = NOW - 5 * DAY;
      const asked: Array<Array<{ entityRef: string; slo: string }>> = [];
      const keptFrom = async (
        series: ReadonlyArray<{ entityRef: string; slo: string }>,
      ) => {
        asked.push([...series]);
        // "slices" keeps 30 days; "availability" is left out (the horizon).
        return new Map([
          [seriesKey('component:default/checkout', 'slices'), NOW - 30 * DAY],
        ]);
      };
      const body = {
        samples: [
          sample('slices', 1),
          sample('slices', 20),
          sample('slices', 29),
          sample('availability', 2),
          sample('availability', 20),
          sample('slices', 31),
        ],
      };
      const error = await validateSamples(
        body,
        { fineHorizonMs: horizon, fineRetentionDays: 5, keptFrom },
        NOW,
        async () => {},
      ).catch(e => e);
      expect(error.name).toBe('InputError');
      expect(error.message).toContain(
        'samples[4].start: is older than the 5 days kept in 5-minute buckets',
      );
      expect(error.message).toContain(
        "samples[5].start: is older than the 5-minute buckets kept for this SLO's window (from 2026-10-22T12:00:00.000Z)",
      );
      expect(error.message).not.toMatch(/samples\[[0-3]\]/);
      expect(asked).toEqual([
        [
          { entityRef: 'component:default/checkout', slo: 'slices' },
          { entityRef: 'component:default/checkout', slo: 'availability' },
        ],
      ]);

      // Without the refused ones, the push is taken whole.
      const rows = await validateSamples(
        { samples: body.samples.slice(0, 4) },
        { fineHorizonMs: horizon, fineRetentionDays: 5, keptFrom },
        NOW,
        async () => {},
      );
      expect(rows.map(r => (NOW - r.start) / DAY)).toEqual([1, 20, 29, 2]);

      // In the samples' order, with the other problems.
      const withOthers = await validateSamples(
        {
          samples: [
            sample('availability', 20),
            sample('slices', 1),
            sample('slices', 1),
          ],
        },
        { fineHorizonMs: horizon, fineRetentionDays: 5, keptFrom },
        NOW,
        async () => {},
      ).catch(e => e);
      expect(withOthers.message).toMatch(
        /^samples\[0\]\.start: is older than .*; samples\[2\]\.start: is the same bucket/,
      );
    });
  });
});
