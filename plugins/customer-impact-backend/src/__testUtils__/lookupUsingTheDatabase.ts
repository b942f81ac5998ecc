import { Knex } from 'knex';

/**
 * What the catalog lookup of a push may do besides asking the catalog: use
 * the plugin's database (the auth service keeps the plugin's keys there),
 * perhaps only once the push has begun writing. The function returned does
 * that: it waits until the store's write method is called or 200 ms have
 * passed, then runs a statement, and fails when the database is not free
 * within 5 s. On SQLite the plugin has one connection, which a push must not
 * hold while it waits for its lookup (tests only).
 */
export function lookupUsingTheDatabase<T extends object>(
  knex: Knex,
  store: T,
  writeMethod: jest.FunctionPropertyNames<Required<T>>,
): () => Promise<void> {
  let started!: () => void;
  const writing = new Promise<void>(resolve => {
    started = resolve;
  });
  const write = (store as any)[writeMethod].bind(store);
  jest
    .spyOn(store, writeMethod as any)
    .mockImplementation((...args: unknown[]) => {
      started();
      return write(...args);
    });
  const after = (ms: number, fail?: string) =>
    new Promise<void>((resolve, reject) =>
      setTimeout(() => (fail ? reject(new Error(fail)) : resolve()), ms),
    );
  return async () => {
    await Promise.race([writing, after(200)]);
    await Promise.race([
      knex.raw('select 1'),
      after(5_000, 'the database was not free for the lookup'),
    ]);
  };
}
