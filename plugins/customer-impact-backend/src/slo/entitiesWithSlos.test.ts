import { EntitiesWithSlos } from './entitiesWithSlos';

describe('EntitiesWithSlos', () => {
  function hint(listed: string[][]) {
    let nowMs = 1_000_000;
    const list = jest.fn(async () => {
      const next = listed.shift();
      if (!next) {
        throw new Error('database away');
      }
      return next;
    });
    const entities = new EntitiesWithSlos({
      list,
      nowMs: () => nowMs,
      maxAgeMs: 60_000,
    });
    return {
      entities,
      list,
      advance: (ms: number) => {
        nowMs += ms;
      },
    };
  }

  it('knows nothing until the first listing is in, then answers with the stored ref', async () => {
    const { entities, list } = hint([['component:default/Payments']]);
    expect(entities.storedRefOf('component:default/payments')).toBeUndefined();
    await entities.settled();
    // Compared without case; answered in the case the definitions are stored under.
    expect(entities.storedRefOf('component:default/payments')).toBe(
      'component:default/Payments',
    );
    expect(entities.storedRefOf('component:default/other')).toBeUndefined();
    expect(list).toHaveBeenCalledTimes(1);
  });

  it('lists again once the listing is older than its maximum age, not before', async () => {
    const { entities, list, advance } = hint([
      ['component:default/a'],
      ['component:default/b'],
    ]);
    entities.storedRefOf('component:default/a');
    await entities.settled();
    advance(59_999);
    expect(entities.storedRefOf('component:default/a')).toBe(
      'component:default/a',
    );
    expect(list).toHaveBeenCalledTimes(1);
    advance(1);
    // The old answer until the new listing is in.
    expect(entities.storedRefOf('component:default/a')).toBe(
      'component:default/a',
    );
    await entities.settled();
    expect(entities.storedRefOf('component:default/a')).toBeUndefined();
    expect(entities.storedRefOf('component:default/b')).toBe(
      'component:default/b',
    );
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('keeps what it knew when a listing fails, and tries again after the maximum age', async () => {
    const { entities, list, advance } = hint([['component:default/a']]);
    entities.storedRefOf('component:default/a');
    await entities.settled();
    advance(60_000);
    entities.storedRefOf('component:default/a');
    await entities.settled();
    expect(list).toHaveBeenCalledTimes(2);
    expect(entities.storedRefOf('component:default/a')).toBe(
      'component:default/a',
    );
    expect(list).toHaveBeenCalledTimes(2);
    advance(60_000);
    entities.storedRefOf('component:default/a');
    expect(list).toHaveBeenCalledTimes(3);
  });

  it('learns an entity whose definitions were read since the last listing', async () => {
    const { entities } = hint([[]]);
    entities.storedRefOf('component:default/new');
    await entities.settled();
    expect(entities.storedRefOf('component:default/new')).toBeUndefined();
    entities.add('component:default/New');
    expect(entities.storedRefOf('component:default/new')).toBe(
      'component:default/New',
    );
  });
});
