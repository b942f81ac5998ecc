/**
 * Entity refs lower case (as the catalog compares them), without
 * duplicates, in code-unit order. A list already so (the rollups' ownership,
 * or a list this function made) is checked in one pass and copied, not
 * sorted again: a group's tree holds 10,000 of them.
 */
export function sortedLowerCaseRefs(refs: readonly string[]): string[] {
  let ready = true;
  for (let i = 0; i < refs.length && ready; i++) {
    ready =
      refs[i] === lowerCase(refs[i]) && (i === 0 || refs[i - 1] < refs[i]);
  }
  if (ready) {
    return [...refs];
  }
  return [...new Set(refs.map(lowerCase))].sort();
}

/**
 * `toLocaleLowerCase('en-US')`, the catalog's comparison; ASCII (every valid
 * entity ref) takes the engine's fast path, which gives the same result.
 */
function lowerCase(ref: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(ref)
    ? ref.toLowerCase()
    : ref.toLocaleLowerCase('en-US');
}
