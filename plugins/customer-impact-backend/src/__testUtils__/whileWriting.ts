/**
 * Spies on a store's write method: the function returned resolves once the
 * write has begun, and fails after 5 s if it has not, so that a push which
 * asks the catalog first and writes afterwards fails its test instead of
 * waiting for ever (tests only).
 */
export function whileWritingOf<T extends object>(
  store: T,
  method: jest.FunctionPropertyNames<Required<T>>,
): () => Promise<void> {
  let started!: () => void;
  const writing = new Promise<void>(resolve => {
    started = resolve;
  });
  const write = (store as any)[method].bind(store);
  jest.spyOn(store, method as any).mockImplementation((...args: unknown[]) => {
    started();
    return write(...args);
  });
  return () =>
    Promise.race([
      writing,
      new Promise<void>((_, reject) =>
        setTimeout(() => reject(new Error('the write did not start')), 5_000),
      ),
    ]);
}
