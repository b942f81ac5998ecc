import fc from 'fast-check';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { parseOrThrowInputError } from '../validation';
import {
  entityRefSchema,
  inBatchDuplicates,
  isoTimestampSchema,
  normaliseEntityRef,
  normaliseIsoTimestamp,
  uniqueInBatch,
} from './blocks';

describe('normaliseIsoTimestamp', () => {
  it.each([
    ['2027-03-01T09:30:00Z', '2027-03-01T09:30:00.000Z'],
    ['2027-03-01T09:30Z', '2027-03-01T09:30:00.000Z'],
    ['2027-03-01t09:30:00z', '2027-03-01T09:30:00.000Z'],
    ['2027-03-01T00:30:00+01:00', '2027-02-28T23:30:00.000Z'],
    ['2027-03-01T00:30:00+0100', '2027-02-28T23:30:00.000Z'],
    ['2027-02-28T23:00:00-05:00', '2027-03-01T04:00:00.000Z'],
    ['2027-03-01T09:30:00.123456Z', '2027-03-01T09:30:00.123Z'],
  ])('%s is %s', (input, expected) => {
    expect(normaliseIsoTimestamp(input)).toBe(expected);
  });

  it.each([
    '2027-03-01',
    '2027-03-01T09:30:00',
    '2027-03-01 09:30:00Z',
    '2027-02-29T00:00:00Z',
    '2027-03-01T24:30:00Z',
    'Mon, 01 Mar 2027 09:30:00 GMT',
    '',
  ])('refuses %j', input => {
    expect(normaliseIsoTimestamp(input)).toBeNull();
  });
});

describe('isoTimestampSchema', () => {
  it('returns the instant in UTC', () => {
    expect(
      parseOrThrowInputError(
        isoTimestampSchema(),
        ' 2027-03-01T00:30:00+01:00 ',
      ),
    ).toBe('2027-02-28T23:30:00.000Z');
  });

  it('says what it expects, with its example or in the words it is given', () => {
    expect(() => parseOrThrowInputError(isoTimestampSchema(), 'later')).toThrow(
      'body: must be an ISO 8601 timestamp with a zone, such as "2027-03-01T09:30:00Z", got "later"',
    );
    expect(() =>
      parseOrThrowInputError(
        z.object({
          at: isoTimestampSchema({ example: '2026-11-01T09:00:00Z' }),
        }),
        { at: '2026-11-01' },
      ),
    ).toThrow(
      'at: must be an ISO 8601 timestamp with a zone, such as "2026-11-01T09:00:00Z", got "2026-11-01"',
    );
    expect(() =>
      parseOrThrowInputError(
        isoTimestampSchema({ message: raw => `is not a time: ${raw}` }),
        'noon',
      ),
    ).toThrow('body: is not a time: noon');
    expect(() => parseOrThrowInputError(isoTimestampSchema(), 42)).toThrow(
      'body: must be a string, got number',
    );
  });
});

describe('normaliseEntityRef', () => {
  it.each([
    ['Component:Payments', {}, 'component:default/payments'],
    [' api:Payments/Charges-V1 ', {}, 'api:payments/charges-v1'],
    ['Checkout', { defaultKind: 'group' }, 'group:default/checkout'],
    [
      'first-deploy',
      { defaultKind: 'Journey', kind: 'journey' },
      'journey:default/first-deploy',
    ],
    [
      'Journey:Onboarding/First-Deploy',
      { kind: 'journey' },
      'journey:onboarding/first-deploy',
    ],
    [
      'web',
      { defaultKind: 'component', defaultNamespace: 'shop' },
      'component:shop/web',
    ],
  ])('%j with %j is %j', (raw, options, expected) => {
    expect(normaliseEntityRef(raw, options)).toBe(expected);
  });

  it.each([
    ['payments', {}], // no kind and no default kind
    ['component:default/has spaces', {}],
    ['a:b:c/d', {}],
    ['', { defaultKind: 'component' }],
    ['component:default/payments', { kind: 'journey' }],
    [`component:default/${'x'.repeat(64)}`, {}], // names are at most 63 characters
  ])('refuses %j with %j', (raw, options) => {
    expect(normaliseEntityRef(raw, options)).toBeNull();
  });
});

describe('entityRefSchema', () => {
  it('normalises, or says what it expects', () => {
    const schema = entityRefSchema({ example: 'component:default/payments' });
    expect(parseOrThrowInputError(schema, 'Component:Payments')).toBe(
      'component:default/payments',
    );
    expect(() => parseOrThrowInputError(schema, 'payments')).toThrow(
      'body: must be an entity ref such as "component:default/payments", got "payments"',
    );
    expect(() =>
      parseOrThrowInputError(
        entityRefSchema({
          example: 'journey:default/first-deploy',
          kind: 'journey',
          message: raw => `must be a journey, got ${raw}`,
        }),
        'component:default/payments',
      ),
    ).toThrow('body: must be a journey, got component:default/payments');
  });
});

describe('in-batch duplicates', () => {
  it('lists each repeat of a natural key with the index of its first item', () => {
    const items = [
      { source: 'jira', id: 'A' },
      { source: 'pagerduty', id: 'A' }, // another source: another key
      { source: 'jira', id: 'A' },
      { source: 'jira', id: 'a' }, // keys compare exactly
      { source: 'jira', id: 'A' },
    ];
    expect(inBatchDuplicates(items, i => [i.source, i.id])).toEqual([
      { index: 2, first: 0, item: items[2] },
      { index: 4, first: 0, item: items[4] },
    ]);
    expect(inBatchDuplicates([], () => 'x')).toEqual([]);
  });

  it('refines an array of items, naming the item index and field', () => {
    const schema = z.object({
      events: z.array(z.object({ eventId: z.string() })).superRefine(
        uniqueInBatch<{ eventId: string }>({
          keyOf: e => e.eventId,
          field: ['eventId'],
          message: ({ first, item }) =>
            `repeats events[${first}].eventId ${JSON.stringify(item.eventId)}`,
        }),
      ),
    });
    expect(() =>
      parseOrThrowInputError(schema, {
        events: [{ eventId: 'x' }, { eventId: 'y' }, { eventId: 'x' }],
      }),
    ).toThrow('events[2].eventId: repeats events[0].eventId "x"');
    expect(
      parseOrThrowInputError(schema, {
        events: [{ eventId: 'x' }, { eventId: 'y' }],
      }),
    ).toEqual({ events: [{ eventId: 'x' }, { eventId: 'y' }] });
  });
});

describe('normaliseIsoTimestamp in the common UTC form', () => {
  /** What luxon alone makes of it: the general path every other form takes. */
  const byLuxon = (text: string) => {
    const parsed = DateTime.fromISO(text.trim(), { setZone: true });
    return parsed.isValid ? parsed.toUTC().toISO() : null;
  };
  const two = (n: number) => String(n).padStart(2, '0');

  it('is what luxon makes of it, at every edge of the fields', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
        (year, month, day, hour, minute, second, fraction) => {
          const text = `${String(year).padStart(4, '0')}-${two(month)}-${two(
            day,
          )}T${two(hour)}:${two(minute)}:${two(second)}${
            fraction === undefined ? '' : `.${fraction}`
          }Z`;
          expect(normaliseIsoTimestamp(text)).toBe(byLuxon(text));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('is what luxon makes of every instant Date writes', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        date => {
          const text = date.toISOString();
          expect(normaliseIsoTimestamp(text)).toBe(byLuxon(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
