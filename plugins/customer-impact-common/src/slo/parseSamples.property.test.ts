import fc from 'fast-check';
import { parseOrThrowInputError } from '../validation';
import {
  parseSloSamplesRequest,
  parseSloSamplesRequestInSlices,
  sloSamplesFastPath,
} from './parseSamples';
import { MAX_SLO_SAMPLES_PER_PUSH, sloSamplesRequestSchema } from './schema';

// Values near the edges of every rule of the schema, and some that are far
// off, so that both accepted and rejected bodies come up often.
const refArb = fc.oneof(
  fc.constantFrom(
    'component:default/checkout',
    'Component:default/Checkout',
    'component:checkout',
    'checkout',
    'component:default/',
    ':default/checkout',
    'a:b:c/d/e',
    '',
    ' ',
  ),
  fc.string({ maxLength: 20 }),
);
const sloArb = fc.oneof(
  fc.constantFrom('availability', 'latency:1', '', 'x'.repeat(255)),
  fc.constant('x'.repeat(256)),
  fc.string({ maxLength: 10 }),
);
const startArb = fc.oneof(
  fc.constantFrom(
    '2026-11-21T10:05:00Z',
    '2026-11-21T10:05Z',
    '2026-11-21T10:05:00.123456789Z',
    '2026-11-21T10:05:00+01:00',
    '2026-11-21T10:05:00+0100',
    '2026-11-21T10:05:00-05',
    '2026-11-21t10:05:00z',
    '2026-11-21T10:05:00',
    '2026-11-21 10:05:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-21T25:00:00Z',
    '2026-02-30T10:00:00Z',
    'yesterday',
  ),
  fc
    .date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map(d => d.toISOString()),
);
const numberArb = fc.oneof(
  fc.integer({ min: -2, max: 4000 }),
  fc.constantFrom(0, -0, 1, 1.5, 3600, 3601, 1e12, NaN, Infinity, -Infinity),
  fc.double({ noDefaultInfinity: false }),
);
const notANumberArb = fc.oneof(
  fc.constantFrom('10', null, true, [], {}),
  fc.string({ maxLength: 3 }),
);
const countArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 2000 }) },
  { weight: 2, arbitrary: numberArb },
  { weight: 1, arbitrary: notANumberArb },
);

/** A sample that is valid, before the mutations below. */
const validSampleArb = fc
  .record({
    entityRef: fc.constantFrom(
      'component:default/checkout',
      'Component:default/Checkout',
      'api:payments/charge',
    ),
    slo: fc.constantFrom('availability', 'latency:1'),
    start: fc
      .integer({ min: 0, max: 1000 })
      .map(i => new Date(Date.UTC(2026, 10, 21) + i * 300_000).toISOString()),
    durationSeconds: fc.constantFrom(1, 60, 300, 3600),
    total: fc.integer({ min: 0, max: 1000 }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
    useBad: fc.boolean(),
  })
  .map(({ share, useBad, ...s }) => {
    const part = Math.floor(s.total * share);
    return useBad ? { ...s, bad: part } : { ...s, good: part };
  })
  .chain(sample =>
    // A threshold metric's sample: value alone, instead of the counts.
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(sample as Record<string, unknown>) },
      {
        weight: 1,
        arbitrary: fc
          .double({ min: -1e6, max: 1e6, noNaN: true })
          .map(value => {
            const {
              good: _g,
              bad: _b,
              total: _t,
              ...rest
            } = sample as Record<string, unknown>;
            return { ...rest, value };
          }),
      },
    ),
  );

const FIELD_ARBS: Record<string, fc.Arbitrary<unknown>> = {
  entityRef: fc.oneof(refArb, notANumberArb, numberArb),
  slo: fc.oneof(sloArb, numberArb),
  start: fc.oneof(startArb, numberArb),
  durationSeconds: fc.oneof(numberArb, notANumberArb),
  good: countArb,
  bad: countArb,
  total: countArb,
  value: fc.oneof(numberArb, notANumberArb),
};

/** A valid sample with up to three fields replaced, removed or added. */
const sampleArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: validSampleArb },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        validSampleArb,
        fc.array(
          fc.oneof(
            fc
              .constantFrom(...Object.keys(FIELD_ARBS))
              .chain(key =>
                FIELD_ARBS[key].map(value => ({ op: 'set', key, value })),
              ),
            fc
              .constantFrom(...Object.keys(FIELD_ARBS))
              .map(key => ({ op: 'delete', key, value: undefined })),
            fc
              .constantFrom(...Object.keys(FIELD_ARBS))
              .map(key => ({ op: 'set', key, value: undefined })),
            fc
              .constantFrom('extra', 'resolved_at', 'Good', '__proto__x')
              .map(key => ({ op: 'set', key, value: 1 })),
          ),
          { minLength: 1, maxLength: 3 },
        ),
      )
      .map(([valid, edits]) => {
        const sample: Record<string, unknown> = { ...valid };
        for (const edit of edits) {
          if (edit.op === 'delete') {
            delete sample[edit.key];
          } else {
            sample[edit.key] = edit.value;
          }
        }
        return sample;
      }),
  },
  { weight: 1, arbitrary: fc.oneof(fc.anything(), fc.constant([])) },
);

const bodyArb: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .array(sampleArb, { minLength: 0, maxLength: 4 })
      .map(samples => ({ samples })),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(validSampleArb, { minLength: 1, maxLength: 2 })
      .map(samples => ({ samples, extra: true })),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.anything(),
      fc.constant([]),
      fc.constant({ samples: 'all' }),
      fc.constant({}),
    ),
  },
);

/** The value a call returns, or the name and message of what it throws. */
function outcomeOf(fn: () => unknown): {
  value?: unknown;
  error?: { name: string; message: string };
} {
  try {
    return { value: fn() };
  } catch (e) {
    return {
      error: { name: (e as Error).name, message: (e as Error).message },
    };
  }
}

/** A well-formed sample, for the bodies at the size limit. */
const SAMPLE = {
  entityRef: 'component:default/checkout',
  slo: 'availability',
  start: '2026-11-21T10:05:00Z',
  durationSeconds: 300,
  good: 9,
  total: 10,
};

describe('the SLO samples fast path', () => {
  it('accepts and rejects exactly what sloSamplesRequestSchema does, with the same value', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(bodyArb, body => {
        const fast = sloSamplesFastPath(body);
        const zod = sloSamplesRequestSchema.safeParse(body);
        expect({ accepted: fast !== undefined, value: fast }).toEqual({
          accepted: zod.success,
          value: zod.success ? zod.data : undefined,
        });
        if (zod.success) {
          accepted += 1;
        } else {
          rejected += 1;
        }
      }),
      { numRuns: 3000 },
    );
    // Both sides of the property were exercised. About 11 % of the bodies
    // are valid (330 of 3,000 on average, sd about 17): 150 is far below
    // what any run draws, and still proves the accepting side ran.
    expect(accepted).toBeGreaterThan(150);
    expect(rejected).toBeGreaterThan(150);
  });

  it('gives the same result or the same InputError as parsing with the schema', () => {
    fc.assert(
      fc.property(bodyArb, body => {
        const viaFastPath = outcomeOf(() => parseSloSamplesRequest(body));
        const viaSchema = outcomeOf(() =>
          parseOrThrowInputError(sloSamplesRequestSchema, body),
        );
        expect(viaFastPath).toEqual(viaSchema);
        expect(viaSchema.error?.name ?? 'InputError').toBe('InputError');
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the same result or the same InputError in slices', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, async body => {
        const whole = outcomeOf(() => parseSloSamplesRequest(body));
        let sliced: ReturnType<typeof outcomeOf>;
        try {
          sliced = {
            value: await parseSloSamplesRequestInSlices(body, async () => {}),
          };
        } catch (e) {
          sliced = {
            error: { name: (e as Error).name, message: (e as Error).message },
          };
        }
        expect(sliced).toEqual(whole);
      }),
      { numRuns: 1000 },
    );
  });

  it(`agrees with the schema at the limit of ${MAX_SLO_SAMPLES_PER_PUSH} samples`, () => {
    const full = { samples: new Array(MAX_SLO_SAMPLES_PER_PUSH).fill(SAMPLE) };
    const over = { samples: [...full.samples, SAMPLE] };
    expect(sloSamplesFastPath(full)).toBe(full);
    expect(sloSamplesRequestSchema.safeParse(full).success).toBe(true);
    expect(sloSamplesFastPath(over)).toBeUndefined();
    expect(() => parseSloSamplesRequest(over)).toThrow(
      'samples: must hold at most 50000 items',
    );
  });

  it('pauses after every 2,000 samples of a large push, and gives the body itself', async () => {
    const full = { samples: new Array(MAX_SLO_SAMPLES_PER_PUSH).fill(SAMPLE) };
    let pauses = 0;
    const pause = async () => {
      pauses += 1;
    };
    await expect(parseSloSamplesRequestInSlices(full, pause)).resolves.toBe(
      full,
    );
    // 50,000 samples: 25 slices, a pause between each two.
    expect(pauses).toBe(24);
    await expect(
      parseSloSamplesRequestInSlices(
        { samples: [...full.samples, SAMPLE] },
        pause,
      ),
    ).rejects.toThrow('samples: must hold at most 50000 items');
  });
});
