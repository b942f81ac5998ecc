import { InputError } from '@backstage/errors';
import { CHANGE_BATCH_LIMIT, changeSchema } from './schema';
import { parseChangeBatch } from './validation';

const change = {
  id: 'PLAT-123',
  title: ' Self-service API keys ',
  at: '2027-03-03T11:00:00+01:00',
  entityRefs: ['API:default/Payments-v2', 'component:payments-service'],
  url: 'https://github.com/acme/payments/pull/42',
};

function messageOf(body: unknown): string {
  try {
    parseChangeBatch(body);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('parseChangeBatch', () => {
  it('normalises a valid change: trimmed title, UTC time, lower-case full refs', () => {
    expect(parseChangeBatch({ changes: [change] })).toEqual([
      {
        id: 'PLAT-123',
        title: 'Self-service API keys',
        at: '2027-03-03T10:00:00.000Z',
        entityRefs: [
          'api:default/payments-v2',
          'component:default/payments-service',
        ],
        url: 'https://github.com/acme/payments/pull/42',
      },
    ]);
  });

  it('leaves out a url that is absent or null', () => {
    const { url: _url, ...withoutUrl } = change;
    const [a, b] = parseChangeBatch({
      changes: [withoutUrl, { ...withoutUrl, id: 'PLAT-124', url: null }],
    });
    expect('url' in a).toBe(false);
    expect('url' in b).toBe(false);
  });

  it('names the index and the field of every problem', () => {
    expect(
      messageOf({
        changes: [
          change,
          { ...change, id: 'x', at: '2027-03-03 10:00' },
          { ...change, id: 'y', entityRefs: [] },
          { ...change, id: 'z', url: 'ftp://example.com/x' },
        ],
      }),
    ).toBe(
      'changes[1].at: must be an ISO 8601 timestamp with a zone, such as "2027-03-01T09:30:00Z", got "2027-03-03 10:00"; ' +
        'changes[2].entityRefs: must name at least one entity; ' +
        'changes[3].url: must be an absolute http(s) URL, got "ftp://example.com/x"',
    );
  });

  it('refuses a title holding the NUL character, which PostgreSQL cannot store', () => {
    expect(messageOf({ changes: [{ ...change, title: 'Keys\u0000' }] })).toBe(
      'changes[0].title: must not contain the NUL character (\\u0000)',
    );
  });

  it('refuses a malformed ref, a ref without a kind and a ref named twice', () => {
    expect(
      messageOf({
        changes: [{ ...change, entityRefs: ['payments-service'] }],
      }),
    ).toBe(
      'changes[0].entityRefs[0]: must be an entity ref such as "component:default/payments", got "payments-service"',
    );
    expect(
      messageOf({
        changes: [
          {
            ...change,
            entityRefs: ['component:default/a', 'Component:A'],
          },
        ],
      }),
    ).toBe(
      'changes[0].entityRefs[1]: repeats entityRefs[0] (component:default/a); name an entity once',
    );
  });

  it('refuses an id repeated in the batch, naming both items', () => {
    expect(
      messageOf({ changes: [change, { ...change, title: 'Again' }] }),
    ).toBe(
      'changes[1].id: repeats changes[0].id "PLAT-123"; an id is sent once per batch',
    );
  });

  it('refuses ids, titles and URLs beyond their limits, and unknown fields', () => {
    expect(
      messageOf({
        changes: [
          { ...change, id: 'has space' },
          { ...change, id: 'a'.repeat(201) },
          { ...change, id: 'b', title: '   ' },
          { ...change, id: 'c', title: 't'.repeat(201) },
          {
            ...change,
            id: 'd',
            url: `https://example.com/${'u'.repeat(2048)}`,
          },
          { ...change, id: 'e', owner: 'group:platform' },
        ],
      }),
    ).toBe(
      'changes[0].id: must start with a letter or digit and hold only letters, digits, ".", "_", ":" and "-"; ' +
        'changes[1].id: must be at most 200 characters long; ' +
        'changes[2].title: must not be empty; ' +
        'changes[3].title: must be at most 200 characters long; ' +
        'changes[4].url: must be at most 2048 characters long; ' +
        'changes[5].owner: is not a known field',
    );
  });

  it('refuses too many entities in one change', () => {
    const refs = Array.from(
      { length: 51 },
      (_, i) => `component:default/c${i}`,
    );
    expect(messageOf({ changes: [{ ...change, entityRefs: refs }] })).toBe(
      'changes[0].entityRefs: must hold at most 50 items',
    );
  });

  it('refuses an empty or oversized batch before reading its items', () => {
    expect(messageOf({ changes: [] })).toBe(
      'changes: must hold at least one change',
    );
    expect(
      messageOf({
        changes: Array.from({ length: CHANGE_BATCH_LIMIT + 1 }, () => ({})),
      }),
    ).toBe(
      'changes: must hold at most 100 changes; split the push into several batches',
    );
    expect(messageOf({ items: [change] })).toBe(
      'changes: is required; items: is not a known field',
    );
    expect(messageOf(undefined)).toBe('body: is required');
  });

  it('is exported as a zod schema for one change', () => {
    expect(changeSchema.safeParse(change).success).toBe(true);
    expect(changeSchema.safeParse({ ...change, at: 'soon' }).success).toBe(
      false,
    );
  });
});
