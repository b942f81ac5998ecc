import { InputError } from '@backstage/errors';
import { z } from 'zod';
import {
  formatValidationPath,
  inputErrorFromProblems,
  parseOrThrowInputError,
} from '../validation';
import { SUPPORT_EVENT_BATCH_LIMIT } from './schema';
import { parseSupportEventBatch } from './validation';

function event(overrides: Record<string, unknown> = {}) {
  return {
    source: 'jira',
    externalId: 'OPS-1',
    entityRef: 'component:default/payments',
    kind: 'ticket',
    openedAt: '2027-03-01T09:30:00Z',
    ...overrides,
  };
}

/** The message of the InputError that `fn` throws. */
function inputErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}

describe('parseSupportEventBatch', () => {
  it('normalises refs, timestamps, source and category', () => {
    const events = parseSupportEventBatch({
      events: [
        {
          source: ' Jira ',
          externalId: ' OPS-1 ',
          entityRef: 'Component:Payments',
          consumerRef: 'Checkout',
          kind: 'ticket',
          openedAt: '2027-03-01T10:30:00+01:00',
          resolvedAt: '2027-03-01T12:00:00.5Z',
          category: ' Access Request ',
          severity: 'P3',
          title: 'Grant access to the ledger',
          url: 'HTTPS://jira.example.com/browse/OPS-1',
        },
        event({
          externalId: 'OPS-2',
          entityRef: 'api:Payments/Charges-V1',
          consumerRef: 'component:shop/web',
          kind: 'manual-exception',
          resolvedAt: null,
          category: null,
        }),
      ],
    });
    expect(events).toEqual([
      {
        source: 'jira',
        externalId: 'OPS-1',
        entityRef: 'component:default/payments',
        // a consumer without a kind is a team
        consumerRef: 'group:default/checkout',
        kind: 'ticket',
        openedAt: '2027-03-01T09:30:00.000Z',
        resolvedAt: '2027-03-01T12:00:00.500Z',
        category: 'access request',
        severity: 'P3',
        title: 'Grant access to the ledger',
        url: 'https://jira.example.com/browse/OPS-1',
      },
      {
        source: 'jira',
        externalId: 'OPS-2',
        entityRef: 'api:payments/charges-v1',
        consumerRef: 'component:shop/web',
        kind: 'manual-exception',
        openedAt: '2027-03-01T09:30:00.000Z',
      },
    ]);
    // null optional fields are left out, not carried as undefined or null
    expect(Object.keys(events[1])).not.toContain('resolvedAt');
    expect(Object.keys(events[1])).not.toContain('category');
  });

  it('accepts every kind, and a resolution at the very moment of opening', () => {
    const kinds = ['ticket', 'page', 'escalation', 'manual-exception'];
    const events = parseSupportEventBatch({
      events: kinds.map((kind, i) =>
        event({
          kind,
          externalId: `E-${i}`,
          resolvedAt: '2027-03-01T09:30:00Z',
        }),
      ),
    });
    expect(events.map(e => e.kind)).toEqual(kinds);
  });

  it('accepts exactly the batch limit', () => {
    const events = Array.from({ length: SUPPORT_EVENT_BATCH_LIMIT }, (_, i) =>
      event({ externalId: `OPS-${i}` }),
    );
    expect(SUPPORT_EVENT_BATCH_LIMIT).toBe(1000);
    expect(parseSupportEventBatch({ events })).toHaveLength(1000);
  });

  describe('refuses the envelope', () => {
    it.each([
      ['a string body', 'events', 'body: must be an object, got string'],
      ['a null body', null, 'body: must be an object, got null'],
      ['a body without events', {}, 'events: is required'],
      [
        'events that are not a list',
        { events: {} },
        'events: must be an array, got object',
      ],
      [
        'an empty batch',
        { events: [] },
        'events: must hold at least one event',
      ],
      [
        'an unknown top-level field',
        { events: [event()], source: 'jira' },
        'source: is not a known field',
      ],
    ])('%s', (_, body, message) => {
      expect(inputErrorOf(() => parseSupportEventBatch(body))).toBe(message);
    });

    it('an oversized batch, before reading its items', () => {
      const events = Array.from(
        { length: SUPPORT_EVENT_BATCH_LIMIT + 1 },
        () => 'not even an event',
      );
      expect(inputErrorOf(() => parseSupportEventBatch({ events }))).toBe(
        'events: must hold at most 1000 events; split the push into several batches',
      );
    });
  });

  describe('names the item index and the field', () => {
    it.each([
      [
        'an item that is not an object',
        42,
        'events[2]: must be an object, got number',
      ],
      [
        'a missing source',
        { source: undefined },
        'events[2].source: is required',
      ],
      [
        'a blank source',
        { source: '   ' },
        'events[2].source: must not be empty',
      ],
      [
        'a too long source',
        { source: 'x'.repeat(65) },
        'events[2].source: must be at most 64 characters long',
      ],
      [
        'a numeric externalId',
        { externalId: 17 },
        'events[2].externalId: must be a string, got number',
      ],
      [
        'a missing externalId',
        { externalId: undefined },
        'events[2].externalId: is required',
      ],
      [
        'a too long externalId',
        { externalId: 'x'.repeat(257) },
        'events[2].externalId: must be at most 256 characters long',
      ],
      [
        'a missing entityRef',
        { entityRef: undefined },
        'events[2].entityRef: is required',
      ],
      [
        'an entityRef without a kind',
        { entityRef: 'payments' },
        'events[2].entityRef: must be an entity ref such as "component:default/payments", got "payments"',
      ],
      [
        'an entityRef with an invalid name',
        { entityRef: 'component:default/has spaces' },
        'events[2].entityRef: must be an entity ref',
      ],
      [
        'an entityRef with two kinds',
        { entityRef: 'a:b:c/d' },
        'events[2].entityRef: must be an entity ref',
      ],
      [
        'an invalid consumerRef',
        { consumerRef: 'group:default/' },
        'events[2].consumerRef: must be an entity ref such as "group:default/checkout", got "group:default/"',
      ],
      [
        'an unknown kind',
        { kind: 'incident' },
        'events[2].kind: must be one of "ticket", "page", "escalation", "manual-exception", got "incident"',
      ],
      ['a missing kind', { kind: undefined }, 'events[2].kind: is required'],
      [
        'a missing openedAt',
        { openedAt: undefined },
        'events[2].openedAt: is required',
      ],
      [
        'an openedAt in words',
        { openedAt: 'yesterday' },
        'events[2].openedAt: must be an ISO 8601 timestamp',
      ],
      [
        'an openedAt without a time',
        { openedAt: '2027-03-01' },
        'events[2].openedAt: must be an ISO 8601 timestamp',
      ],
      [
        'an openedAt without a zone',
        { openedAt: '2027-03-01T09:30:00' },
        'events[2].openedAt: must be an ISO 8601 timestamp',
      ],
      [
        'an openedAt on a day that does not exist',
        { openedAt: '2027-02-30T09:30:00Z' },
        'events[2].openedAt: must be an ISO 8601 timestamp',
      ],
      [
        'an openedAt as epoch seconds',
        { openedAt: 1803000000 },
        'events[2].openedAt: must be a string, got number',
      ],
      [
        'a resolvedAt that is no timestamp',
        { resolvedAt: 'soon' },
        'events[2].resolvedAt: must be an ISO 8601 timestamp',
      ],
      [
        'a resolvedAt before openedAt',
        { resolvedAt: '2027-03-01T10:29:59+01:00' },
        'events[2].resolvedAt: must not be before openedAt (2027-03-01T09:30:00.000Z), got 2027-03-01T09:29:59.000Z',
      ],
      [
        'an empty category',
        { category: '' },
        'events[2].category: must not be empty',
      ],
      [
        'a too long category',
        { category: 'x'.repeat(101) },
        'events[2].category: must be at most 100 characters long',
      ],
      [
        'a numeric severity',
        { severity: 2 },
        'events[2].severity: must be a string, got number',
      ],
      [
        'a too long severity',
        { severity: 'x'.repeat(33) },
        'events[2].severity: must be at most 32 characters long',
      ],
      ['a blank title', { title: ' ' }, 'events[2].title: must not be empty'],
      [
        'a too long title',
        { title: 'x'.repeat(501) },
        'events[2].title: must be at most 500 characters long',
      ],
      [
        'a relative url',
        { url: 'browse/OPS-1' },
        'events[2].url: must be an absolute http(s) URL, got "browse/OPS-1"',
      ],
      [
        'an ftp url',
        { url: 'ftp://example.com/OPS-1' },
        'events[2].url: must be an absolute http(s) URL',
      ],
      [
        'a javascript url',
        // eslint-disable-next-line no-script-url
        { url: 'javascript:alert(1)' },
        'events[2].url: must be an absolute http(s) URL',
      ],
      [
        'an unknown field',
        { resolved_at: '2027-03-02T00:00:00Z' },
        'events[2].resolved_at: is not a known field',
      ],
    ])('%s', (_, override, message) => {
      const third =
        typeof override === 'object' && override !== null
          ? event({ externalId: 'OPS-3', ...override })
          : override;
      const body = {
        events: [event(), event({ externalId: 'OPS-2' }), third],
      };
      const text = inputErrorOf(() => parseSupportEventBatch(body));
      expect(text.startsWith(message)).toBe(true);
      // one problem only: the valid items and fields are not blamed
      expect(text).not.toContain(';');
    });
  });

  it('does not blame resolvedAt when openedAt itself is invalid', () => {
    expect(
      inputErrorOf(() =>
        parseSupportEventBatch({
          events: [
            event({ openedAt: 'later', resolvedAt: '2027-03-01T09:30:00Z' }),
          ],
        }),
      ),
    ).toBe(
      'events[0].openedAt: must be an ISO 8601 timestamp with a zone, such as "2027-03-01T09:30:00Z", got "later"',
    );
  });

  it('lists several problems, ten at most, and counts the rest', () => {
    const events = Array.from({ length: 12 }, (_, i) =>
      event({ externalId: `OPS-${i}`, kind: 'call' }),
    );
    const text = inputErrorOf(() => parseSupportEventBatch({ events }));
    expect(text).toContain('events[0].kind: must be one of');
    expect(text).toContain('; events[9].kind: must be one of');
    expect(text).not.toContain('events[10]');
    expect(text.endsWith('; and 2 more problems')).toBe(true);
  });

  it('reports two problems of one item separately', () => {
    const text = inputErrorOf(() =>
      parseSupportEventBatch({
        events: [event({ kind: 'call', url: 'ftp://x' })],
      }),
    );
    expect(text).toMatch(/^events\[0\]\.kind: .*; events\[0\]\.url: /);
  });

  describe('duplicates in one batch', () => {
    it('names both indexes', () => {
      const body = {
        events: [
          event({ externalId: 'OPS-1' }),
          event({ externalId: 'OPS-2' }),
          event({ externalId: 'OPS-1', kind: 'page' }),
        ],
      };
      expect(inputErrorOf(() => parseSupportEventBatch(body))).toBe(
        'events[2]: duplicates events[0]: both have source "jira" and externalId "OPS-1"',
      );
    });

    it('compares the normalised source, and lists every repeat', () => {
      const body = {
        events: [
          event({ source: 'Jira' }),
          event({ source: 'jira ' }),
          event({ source: 'pagerduty' }),
          event({ source: 'JIRA' }),
        ],
      };
      expect(inputErrorOf(() => parseSupportEventBatch(body))).toBe(
        'events[1]: duplicates events[0]: both have source "jira" and externalId "OPS-1"; ' +
          'events[3]: duplicates events[0]: both have source "jira" and externalId "OPS-1"',
      );
    });

    it('allows one externalId in two sources, and ids that differ in case', () => {
      const events = parseSupportEventBatch({
        events: [
          event({ source: 'jira' }),
          event({ source: 'pagerduty' }),
          event({ externalId: 'ops-1' }),
        ],
      });
      expect(events).toHaveLength(3);
    });
  });
});

describe('the shared validation helper', () => {
  it('formats paths as a reader writes them', () => {
    expect(formatValidationPath([])).toBe('body');
    expect(formatValidationPath(['events', 3, 'openedAt'])).toBe(
      'events[3].openedAt',
    );
    expect(formatValidationPath([0, 'name'])).toBe('body[0].name');
    expect(formatValidationPath(['labels', 'team name'])).toBe(
      'labels["team name"]',
    );
    expect(formatValidationPath([], 'slos')).toBe('slos');
  });

  it('keeps messages set in a schema and replaces zod defaults', () => {
    const schema = z.object({
      slos: z.array(
        z.object({
          name: z.string(),
          target: z.number().refine(t => t < 1, 'must be below 1'),
          window: z.enum(['7d', '28d', '30d']),
        }),
      ),
    });
    expect(
      inputErrorOf(() =>
        parseOrThrowInputError(schema, {
          slos: [
            { name: 'a', target: 0.99, window: '28d' },
            { target: 1.5, window: '1M' },
          ],
        }),
      ),
    ).toBe(
      'slos[1].name: is required; slos[1].target: must be below 1; ' +
        'slos[1].window: must be one of "7d", "28d", "30d", got "1M"',
    );
  });

  it('returns the parsed value when it is valid', () => {
    const schema = z.object({ n: z.string().transform(Number) });
    expect(parseOrThrowInputError(schema, { n: '4' })).toEqual({ n: 4 });
  });

  it('builds an InputError from hand-made problems', () => {
    const error = inputErrorFromProblems(
      [
        {
          path: 'journeys[1].steps[0]',
          message: 'duplicates journeys[0].steps[0]',
        },
        { path: 'journeys[2]', message: 'is odd' },
      ],
      { maxProblems: 1 },
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'journeys[1].steps[0]: duplicates journeys[0].steps[0]; and 1 more problem',
    );
  });
});
