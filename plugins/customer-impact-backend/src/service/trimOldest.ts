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

/**
 * The answer kept under `key` in `kept` (made the newest), or else the one
 * `compute` gives, kept under `key` with at most `max` kept in all.
 */
export async function keptOrComputed<T>(
  kept: Map<string, T>,
  key: string,
  max: number,
  compute: () => Promise<T> | T,
): Promise<T> {
  let answer = kept.get(key);
  if (answer !== undefined) {
    kept.delete(key);
  } else {
    answer = await compute();
  }
  kept.set(key, answer);
  trimOldest(kept, max);
  return answer;
}
