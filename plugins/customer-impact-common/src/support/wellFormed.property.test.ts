import fc from 'fast-check';
import { parseOrThrowInputError } from '../validation';
import { supportEventSchema } from './schema';
import { SUPPORT_EVENT_KINDS } from './types';
import { parseSupportEventBatch } from './validation';
import { WellFormedMemo, wellFormedSupportEvent } from './wellFormed';

/** The hand checks over a batch: every event, or undefined when one is left to the schema. */
function wellFormedSupportEvents(events: unknown[]) {
  const memo = new WellFormedMemo();
  const out = events.map(e => wellFormedSupportEvent(e, memo));
  return out.every(e => e !== undefined) ? out : undefined;
}

/*
 * The hand-written checks of a well-formed batch against the zod schema they
 * stand in for: whatever they accept, the schema accepts with the same
 * output; whatever they leave to the schema, the schema decides.
 */

/** What the schema makes of one event: the normalised event, or its error message. */
function bySchema(raw: unknown) {
  try {
    return { ok: parseOrThrowInputError(supportEventSchema, raw) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Timestamps near every edge of the fast path: forms, ranges, fractions, days past a month's end. */
const timestamp = fc.oneof(
  fc
    .date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    .map(d => d.toISOString()),
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 61 }),
      fc.integer({ min: 0, max: 61 }),
      fc.option(fc.stringMatching(/^\d{1,10}$/), { nil: undefined }),
      fc.constantFrom('Z', 'z', '+01:00', '-0530', '+14', ''),
      fc.constantFrom('T', 't', ' '),
      fc.constantFrom('', ' ', '\n'),
    )
    .map(
      ([y, mo, d, h, mi, s, fraction, zone, sep, space]) =>
        `${space}${String(y).padStart(4, '0')}-${String(mo).padStart(
          2,
          '0',
        )}-${String(d).padStart(2, '0')}${sep}${String(h).padStart(
          2,
          '0',
        )}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')}${
          fraction === undefined ? '' : `.${fraction}`
        }${zone}${space}`,
    ),
  fc.constantFrom(
    '2027-03-01T09:30Z',
    '2027-03-01T24:00:00Z',
    '2028-02-29T12:00:00Z',
    '2027-02-29T12:00:00Z',
    '2027-04-31T12:00:00Z',
    '0999-12-31T23:59:59Z',
    '1000-01-01T00:00:00Z',
  ),
  fc.string({ maxLength: 70 }),
);

/** Texts that trim, lower-case (İ grows), hold NUL, sit at and past each limit. */
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.constantFrom(
    '',
    '   ',
    ' Jira ',
    'PagerDuty',
    'a\u0000b',
    'İ'.repeat(32),
    'İ'.repeat(33),
    'İ'.repeat(50),
    'x'.repeat(32),
    'x'.repeat(33),
    'x'.repeat(64),
    'x'.repeat(65),
    'x'.repeat(100),
    'x'.repeat(101),
    'x'.repeat(256),
    'x'.repeat(257),
    'x'.repeat(500),
    'x'.repeat(501),
    ` ${'x'.repeat(64)} `,
  ),
);

const ref = fc.oneof(
  fc.constantFrom(
    'component:default/payments',
    'Component:Payments',
    ' api:Payments/Charges-V1 ',
    'payments',
    'Checkout',
    'group:default/checkout',
    'journey:default/first-deploy',
    'first-deploy',
    'component:default/has spaces',
    'a:b:c/d',
    `component:default/${'x'.repeat(64)}`,
    `${'k'.repeat(300)}:default/a`,
  ),
  fc.string({ maxLength: 20 }),
);

const url = fc.oneof(
  fc.webUrl(),
  fc.constantFrom(
    'HTTPS://jira.example.com/browse/OPS-1',
    ' https://example.com/a b ',
    'ftp://example.com/x',
    'http://[::1',
    `https://example.com/${'a'.repeat(2030)}`,
    `https://example.com/${'a'.repeat(2040)}`,
  ),
  fc.string({ maxLength: 20 }),
);

const anyValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
);

/** A field's value: mostly of its own kind, sometimes null, absent or of another type. */
function field(own: fc.Arbitrary<unknown>) {
  return fc.oneof(
    { weight: 6, arbitrary: own },
    { weight: 1, arbitrary: anyValue },
    { weight: 2, arbitrary: fc.constant(undefined) },
  );
}

const rawEvent = fc
  .record(
    {
      source: field(text),
      externalId: field(text),
      entityRef: field(ref),
      consumerRef: field(ref),
      kind: field(fc.constantFrom(...SUPPORT_EVENT_KINDS, 'Ticket', 'x')),
      openedAt: field(timestamp),
      resolvedAt: field(timestamp),
      category: field(text),
      severity: field(text),
      title: field(text),
      url: field(url),
      requester: field(text),
      journeyRef: field(ref),
      journeyStepId: field(text),
      extra: field(fc.string()),
    },
    { requiredKeys: [] },
  )
  .map(event => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(event)) {
      if (value !== undefined) {
        out[key] = value;
      }
    }
    return out;
  });

/** Valid events, so that the accepting side is exercised as often as the other. */
const validEvent = fc.record(
  {
    source: fc.constantFrom('jira', ' PagerDuty ', 'İstanbul-desk'),
    externalId: fc.string({ minLength: 1, maxLength: 20 }).map(s => `X${s}`),
    entityRef: fc.constantFrom('component:default/payments', 'API:Payments'),
    consumerRef: fc.option(fc.constantFrom('checkout', 'group:shop/web')),
    kind: fc.constantFrom(...SUPPORT_EVENT_KINDS),
    openedAt: fc
      .date({
        min: new Date('1000-01-01T00:00:00Z'),
        max: new Date('2026-11-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map(d => d.toISOString()),
    resolvedAt: fc.constantFrom('2026-11-02T00:00:00Z', null),
    category: fc.option(fc.constantFrom('Access', ' DNS ')),
    url: fc.option(fc.webUrl()),
  },
  { requiredKeys: ['source', 'externalId', 'entityRef', 'kind', 'openedAt'] },
);

describe('wellFormedSupportEvents', () => {
  it('accepts only what the schema accepts, with the same output', () => {
    const seen = { accepted: 0, leftToSchema: 0 };
    fc.assert(
      fc.property(fc.oneof(rawEvent, validEvent), raw => {
        const fast = wellFormedSupportEvents([raw]);
        seen[fast ? 'accepted' : 'leftToSchema'] += 1;
        // What the hand checks accept, the schema accepts with the same
        // output; what they leave to the schema is the schema's alone.
        const schema = fast ? bySchema(raw) : undefined;
        expect(schema).toEqual(fast ? { ok: fast[0] } : undefined);
        // The same fields in the same order: the JSON a client reads back is the same.
        expect(JSON.stringify(fast?.[0])).toBe(JSON.stringify(schema?.ok));
      }),
      { numRuns: 3000 },
    );
    expect(seen.accepted).toBeGreaterThan(300);
    expect(seen.leftToSchema).toBeGreaterThan(300);
  });

  it('normalises timestamps in the common UTC form as luxon does', () => {
    const events = (openedAt: string) =>
      wellFormedSupportEvents([
        {
          source: 'jira',
          externalId: 'OPS-1',
          entityRef: 'component:default/payments',
          kind: 'ticket',
          openedAt,
        },
      ])?.[0].openedAt;
    expect(events('2027-03-01T09:30:00Z')).toBe('2027-03-01T09:30:00.000Z');
    expect(events(' 2027-03-01T09:30:00.123456789Z ')).toBe(
      '2027-03-01T09:30:00.123Z',
    );
    expect(events('2028-02-29T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(events('2027-03-01T10:30:00+01:00')).toBe(
      '2027-03-01T09:30:00.000Z',
    );
    expect(events('2027-02-29T00:00:00Z')).toBeUndefined();
  });

  it('leaves a batch with one doubtful event to the schema, which names it', () => {
    const good = (i: number) => ({
      source: 'jira',
      externalId: `OPS-${i}`,
      entityRef: 'component:default/payments',
      kind: 'ticket',
      openedAt: '2027-03-01T09:30:00Z',
    });
    const batch = [good(0), good(1), { ...good(2), kind: 'email' }];
    expect(wellFormedSupportEvents(batch)).toBeUndefined();
    expect(() => parseSupportEventBatch({ events: batch })).toThrow(
      'events[2].kind: must be one of "ticket", "page", "escalation", "manual-exception", got "email"',
    );
  });
});
