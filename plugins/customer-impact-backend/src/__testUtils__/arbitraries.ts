import fc from 'fast-check';

/**
 * Values a client may send in place of any field: near the edges of every
 * rule (lengths, time zones, the 10-minute future limit at 2026-11-21T12:00Z,
 * entity refs the catalog has or has not, integers past 32 bits) and far off
 * (other JSON types, text that grows when lower-cased).
 */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    'x'.repeat(32),
    'x'.repeat(33),
    'x'.repeat(100),
    'x'.repeat(101),
    'x'.repeat(255),
    'x'.repeat(500),
    'x'.repeat(501),
    'İ'.repeat(32),
    'İ'.repeat(50),
    'İ'.repeat(255),
  ),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'İ'.repeat(64),
    'İ'.repeat(100),
    'x'.repeat(64),
    'x'.repeat(65),
    'x'.repeat(256),
    'x'.repeat(1001),
    'x'.repeat(2001),
    '💥'.repeat(40),
    'Robert"); DROP TABLE support_events;--',
  ),
  fc.constantFrom(
    '2026-11-21T12:10:00Z',
    '2026-11-21T12:10:00.001Z',
    '2026-11-21T13:10:00+01:00',
    '2026-11-21T13:10:00.001+01:00',
    '2099-01-01T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00+14:00',
    '9999-12-31T23:59:59.999999999Z',
    '1969-12-31T23:59:59Z',
    '2026-02-29T00:00:00Z',
    '2026-11-21',
    '2026-11-01',
    '2026-11-21T12:00:00',
    'yesterday',
  ),
  fc
    .date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    .map(d => d.toISOString()),
  fc.constantFrom(
    'component:default/payments-service',
    'component:default/nowhere',
    'Component:Default/Payments-Service',
    'group:team-checkout',
    'group:default/nowhere',
    'journey:default/first-deploy',
    'journey:default/nowhere',
    'first-deploy',
    'api:default/payments-v1',
    'x',
    'a:b/c',
    ':/',
    'component:default/',
    `component:default/${'a'.repeat(64)}`,
    `component:${'n'.repeat(64)}/a`,
    `${'k'.repeat(300)}:default/a`,
  ),
  fc.constantFrom(
    'https://jira.example.com/browse/OPS-1',
    ['javascript', 'alert(1)'].join(':'),
    'http://[::1',
    'ftp://example.com/x',
    `https://${'a'.repeat(3000)}.example.com`,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 1, 7, 8, 1.5, 3600, 3601, 1000, 1001),
  fc.constantFrom(
    2 ** 31 - 1,
    2 ** 31,
    2 ** 32,
    2 ** 53,
    2 ** 53 + 2,
    1e21,
    1e308,
    -1e308,
  ),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);

/**
 * A valid item with each field kept (most often), replaced by a
 * {@link nastyValue} or left out, and sometimes an unknown field added.
 */
export function mutatedItem(
  valid: Record<string, unknown>,
): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.keys(valid).map(key =>
    fc.oneof(
      { weight: 24, arbitrary: fc.constant({ key, value: valid[key] }) },
      { weight: 2, arbitrary: nastyValue.map(value => ({ key, value })) },
      { weight: 1, arbitrary: fc.constant({ key, value: undefined }) },
    ),
  );
  return fc
    .tuple(
      fc.tuple(...fields),
      fc.oneof(
        { weight: 12, arbitrary: fc.constant(null) },
        {
          weight: 1,
          arbitrary: fc.tuple(fc.string({ maxLength: 12 }), nastyValue),
        },
      ),
    )
    .map(([chosen, extra]) => {
      const item: Record<string, unknown> = {};
      for (const { key, value } of chosen) {
        if (value !== undefined) {
          item[key] = value;
        }
      }
      if (extra && !(extra[0] in valid)) {
        item[extra[0]] = extra[1];
      }
      return item;
    });
}

/**
 * A valid batch of 1 to 3 items in which exactly one field of one item is
 * replaced by a {@link nastyValue} (or left out): the rest of the body being
 * valid, the value reaches as far into the backend as it can (the database
 * included).
 */
export function singleFieldMutation(
  list: string,
  valid: (i: number) => Record<string, unknown>,
): fc.Arbitrary<unknown> {
  return fc
    .integer({ min: 1, max: 3 })
    .chain(n => {
      const items = Array.from({ length: n }, (_, i) => valid(i));
      const keys = Object.keys(items[0]);
      return fc.record({
        items: fc.constant(items),
        index: fc.integer({ min: 0, max: n - 1 }),
        key: fc.constantFrom(...keys),
        value: fc.option(nastyValue, { freq: 10, nil: undefined }),
      });
    })
    .map(({ items, index, key, value }) => {
      const copy = items.map(item => ({ ...item }));
      if (value === undefined) {
        delete copy[index][key];
      } else {
        copy[index][key] = value;
      }
      return { [list]: copy };
    });
}

/**
 * A push body `{ [list]: items }`: mostly one field of a valid batch
 * replaced ({@link singleFieldMutation}), else several fields of several
 * items, or, now and then, anything at all.
 */
export function pushBody(
  list: string,
  valid: (i: number) => Record<string, unknown>,
): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: singleFieldMutation(list, valid) },
    {
      weight: 3,
      arbitrary: fc
        .integer({ min: 0, max: 4 })
        .chain(n =>
          fc.tuple(
            ...Array.from({ length: n }, (_, i) => mutatedItem(valid(i))),
          ),
        )
        .map(items => ({ [list]: items })),
    },
    {
      weight: 1,
      arbitrary: fc.oneof(
        nastyValue,
        fc.record({ [list]: nastyValue }),
        fc.anything({ maxDepth: 2 }),
      ),
    },
  );
}
