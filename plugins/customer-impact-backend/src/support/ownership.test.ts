import { GroupOwnershipSource, prefetchedOwnership } from './ownership';

describe('prefetchedOwnership', () => {
  const answer = {
    entityRefs: ['component:default/a'],
    computedAt: Date.parse('2026-11-25T12:00:00Z'),
  };

  it('starts reading the group at once and answers it from that read; other groups are asked when wanted', async () => {
    const ownershipOf = jest.fn(async (ref: string) =>
      ref === 'group:default/platform' ? answer : undefined,
    );
    const source = prefetchedOwnership(
      { ownershipOf },
      'group:default/Platform',
    );
    expect(ownershipOf.mock.calls).toEqual([['group:default/platform']]);
    await expect(source.ownershipOf('group:default/platform')).resolves.toBe(
      answer,
    );
    await expect(source.ownershipOf('GROUP:default/PLATFORM')).resolves.toBe(
      answer,
    );
    expect(ownershipOf).toHaveBeenCalledTimes(1);
    await expect(
      source.ownershipOf('group:default/other'),
    ).resolves.toBeUndefined();
    expect(ownershipOf.mock.calls[1]).toEqual(['group:default/other']);
  });

  it('reports a failed early read to whoever uses it, and to no one when it is never used', async () => {
    const failing: GroupOwnershipSource = {
      ownershipOf: async () => {
        throw new Error('database gone');
      },
    };
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      prefetchedOwnership(failing, 'group:default/unused');
      const used = prefetchedOwnership(failing, 'group:default/used');
      await expect(used.ownershipOf('group:default/used')).rejects.toThrow(
        'database gone',
      );
      await new Promise(resolve => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
