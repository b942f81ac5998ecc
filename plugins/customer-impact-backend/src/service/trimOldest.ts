/**
 * Drops the oldest entries of a map kept in insertion order (a use that
 * deletes and sets an entry again makes it the newest) until at most `max`
 * remain: the bounded caches of the summary's access decisions and of the
 * group rankings.
 */
export function trimOldest(map: Map<string, unknown>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next().value as string;
    map.delete(oldest);
  }
}
