/**
 * A group of people behind a set of published figures (the answers on one
 * step, the people who started in one month), and whether its figures are
 * withheld already.
 *
 * @public
 */
export interface DisclosureGroup<K> {
  key: K;
  /** Pseudonymous ids of the people in the group. */
  people: ReadonlySet<string>;
  /** Whether the group's figures are withheld (fewer than k people). */
  withheld: boolean;
}

/**
 * Complementary suppression over groups whose figures add up to a published
 * total (a journey's stuck reports are the sum of its steps'; its completions
 * the sum of its start-month cohorts').
 *
 * Withholding a group of fewer than k people is not enough: the total minus
 * the groups that are shown gives the withheld groups together, and when they
 * hold fewer than k people that is a figure about fewer than k people, maybe
 * about one person. So, while the people of all withheld groups together are
 * more than none and fewer than `k`, the shown group with the fewest people
 * (the first in order of `groups` among equals) is withheld as well.
 *
 * Returns the keys of the groups to withhold in addition.
 *
 * @example
 * k = 5; steps A (1 person: p1), B (6 people), C (9 people), no one in common.
 * A is withheld; the total minus B and C would be p1's answers, so B, the
 * smaller shown step, is withheld too: A and B together hold 1 + 6 = 7 ≥ 5
 * people. Returns `{B}`.
 *
 * @public
 */
export function complementaryWithheld<K>(
  groups: ReadonlyArray<DisclosureGroup<K>>,
  k: number,
): Set<K> {
  const withheld = new Set<string>();
  for (const group of groups) {
    if (group.withheld) {
      group.people.forEach(p => withheld.add(p));
    }
  }
  const shown = groups
    .map((group, index) => ({ group, index }))
    .filter(({ group }) => !group.withheld && group.people.size > 0)
    .sort(
      (a, b) => a.group.people.size - b.group.people.size || a.index - b.index,
    );
  const extra = new Set<K>();
  for (const { group } of shown) {
    if (withheld.size === 0 || withheld.size >= k) {
      break;
    }
    extra.add(group.key);
    group.people.forEach(p => withheld.add(p));
  }
  return extra;
}
