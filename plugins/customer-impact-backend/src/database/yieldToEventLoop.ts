/**
 * Lets the event loop run (other requests, other plugins) between the
 * statements of a big write. better-sqlite3 is synchronous: one statement
 * holds the event loop for as long as it runs. The transaction stays open
 * meanwhile, so the write stays atomic.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve));
}
