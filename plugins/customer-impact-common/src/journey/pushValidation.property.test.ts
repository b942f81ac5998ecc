import fc from 'fast-check';
import { parseOrThrowInputError } from '../validation';
import {
  parseJourneyEventsInSlices,
  wellFormedJourneyEventBatch,
} from './pushValidation';
import { JOURNEY_EVENT_TYPES, journeyEventsRequestSchema } from './schema';

/*
 * The hand checks of a journey-events push against the schema they stand in
 * for: whatever batch they accept, the schema accepts with the same output;
 * any other is the schema's to decide, with its messages.
 */

function bySchema(body: unknown) {
  try {
    return { ok: parseOrThrowInputError(journeyEventsRequestSchema, body) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const timestamp = fc.oneof(
  fc
    .date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    .map(d => d.toISOString()),
  fc.constantFrom(
    '2026-11-01T09:00:00Z',
    ' 2026-11-01T09:00:00Z ',
    '2026-11-01T10:00:00+01:00',
    '2026-11-01t09:00:00z',
    '2026-11-01T09:00Z',
    '2026-02-29T09:00:00Z',
    '2026-11-01T24:00:00Z',
    '2026-11-01',
    'x'.repeat(65),
  ),
  fc.string({ maxLength: 10 }),
);

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', ' a ', 'a\u0000', 'x'.repeat(255), 'x'.repeat(256)),
);

const journeyRef = fc.oneof(
  fc.constantFrom(
    'journey:default/first-deploy',
    'first-deploy',
    'Journey:Onboarding/First-Deploy',
    'component:default/payments',
    'journey:default/has spaces',
    '',
    'x'.repeat(256),
  ),
  fc.string({ maxLength: 12 }),
);

const other = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.object({ maxDepth: 1 }),
);

function field(own: fc.Arbitrary<unknown>) {
  return fc.oneof(
    { weight: 12, arbitrary: own },
    { weight: 1, arbitrary: other },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

const validEvent = fc.record({
  eventId: fc.constantFrom('e-1', 'e-2', 'e-3', 'e-4', 'e-5', ' e-6'),
  journeyRef: fc.constantFrom('journey:default/first-deploy', 'First-Deploy'),
  stepId: fc.constantFrom('create', 'deploy'),
  subject: fc.constantFrom('ada@example.com', 'grace'),
  type: fc.constantFrom(...JOURNEY_EVENT_TYPES),
  at: fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2026-11-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map(d => d.toISOString()),
});

const rawEvent = fc
  .record(
    {
      eventId: field(text),
      journeyRef: field(journeyRef),
      stepId: field(text),
      subject: field(text),
      type: field(fc.constantFrom(...JOURNEY_EVENT_TYPES, 'Started', 'x')),
      at: field(timestamp),
      extra: fc.oneof(
        { weight: 10, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.string() },
      ),
    },
    { requiredKeys: [] },
  )
  .map(event =>
    Object.fromEntries(
      Object.entries(event).filter(([, value]) => value !== undefined),
    ),
  );

const body = fc
  .oneof(
    {
      weight: 6,
      arbitrary: fc.array(validEvent, { minLength: 1, maxLength: 4 }),
    },
    {
      weight: 4,
      arbitrary: fc.array(fc.oneof(validEvent, rawEvent), {
        minLength: 0,
        maxLength: 4,
      }),
    },
  )
  .map(events => ({ events }));

describe('parseJourneyEventsInSlices', () => {
  it('accepts by hand only what the schema accepts, with the same output', () => {
    const seen = { accepted: 0, leftToSchema: 0 };
    fc.assert(
      fc.property(
        fc.oneof(
          { weight: 20, arbitrary: body },
          { weight: 1, arbitrary: other },
        ),
        raw => {
          const fast = wellFormedJourneyEventBatch(raw);
          seen[fast ? 'accepted' : 'leftToSchema'] += 1;
          // What the hand checks accept, the schema accepts with the same
          // output (fields in the same order); the rest is the schema's.
          const schema = fast ? bySchema(raw) : undefined;
          expect(schema).toEqual(fast ? { ok: { events: fast } } : undefined);
          expect(JSON.stringify(fast && { events: fast })).toBe(
            JSON.stringify(schema?.ok),
          );
        },
      ),
      { numRuns: 3000 },
    );
    expect(seen.accepted).toBeGreaterThan(300);
    expect(seen.leftToSchema).toBeGreaterThan(300);
  });

  it('answers as the schema does, pausing between slices of a full batch', async () => {
    const events = Array.from({ length: 5000 }, (_, i) => ({
      eventId: `e-${i}`,
      journeyRef: 'First-Deploy',
      stepId: 'create',
      subject: `person-${i % 50}`,
      type: 'started',
      at: '2026-11-01T09:00:00Z',
    }));
    let pauses = 0;
    const pause = async () => {
      pauses += 1;
    };
    const parsed = await parseJourneyEventsInSlices({ events }, pause);
    expect(parsed).toEqual(
      parseOrThrowInputError(journeyEventsRequestSchema, { events }),
    );
    expect(parsed.events[0]).toEqual({
      eventId: 'e-0',
      journeyRef: 'journey:default/first-deploy',
      stepId: 'create',
      subject: 'person-0',
      type: 'started',
      at: '2026-11-01T09:00:00.000Z',
    });
    expect(pauses).toBe(9);

    // A repeated eventId: the schema's message, naming the item.
    const repeated = [...events.slice(0, 3), { ...events[1] }];
    await expect(
      parseJourneyEventsInSlices({ events: repeated }, pause),
    ).rejects.toThrow(
      'events[3].eventId: repeats events[1].eventId "e-1"; an id is sent once per batch',
    );
  });
});
