import { validateSamples } from './samples';

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
      HORIZON,
      35,
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
      validateSamples(body, HORIZON, 35, NOW, async () => {}),
    ).rejects.toThrow(
      'samples[12345].start: is the same bucket (entityRef, slo, start) as samples[12344]',
    );
  });
});
