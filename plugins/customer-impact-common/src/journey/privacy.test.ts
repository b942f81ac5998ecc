import { complementaryWithheld } from './privacy';

const people = (...ids: string[]) => new Set(ids);

describe('complementaryWithheld', () => {
  it('withholds the smallest group shown until the withheld ones hold k people (the worked example)', () => {
    // k = 5. A (p1) is withheld; B (6 people) and C (9 people) are shown.
    // A alone is 1 person: B, the smaller, is withheld too; 1 + 6 = 7 >= 5.
    const b = people('b1', 'b2', 'b3', 'b4', 'b5', 'b6');
    const c = people('c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9');
    expect(
      complementaryWithheld(
        [
          { key: 'A', people: people('p1'), withheld: true },
          { key: 'B', people: b, withheld: false },
          { key: 'C', people: c, withheld: false },
        ],
        5,
      ),
    ).toEqual(new Set(['B']));
  });

  it('withholds nothing more when nothing is withheld, or the withheld hold k people already', () => {
    const five = people('a', 'b', 'c', 'd', 'e');
    expect(
      complementaryWithheld([{ key: 1, people: five, withheld: false }], 5),
    ).toEqual(new Set());
    expect(
      complementaryWithheld(
        [
          { key: 1, people: people('a', 'b', 'c'), withheld: true },
          { key: 2, people: people('d', 'e'), withheld: true },
          { key: 3, people: five, withheld: false },
        ],
        5,
      ),
    ).toEqual(new Set());
  });

  it('counts a person in several withheld groups once', () => {
    // Steps X and Y are withheld and share their people: 3 distinct people,
    // fewer than k = 5, so the smallest shown step (Z, 5 people) goes too.
    expect(
      complementaryWithheld(
        [
          { key: 'X', people: people('a', 'b', 'c'), withheld: true },
          { key: 'Y', people: people('a', 'b'), withheld: true },
          {
            key: 'Z',
            people: people('d', 'e', 'f', 'g', 'h'),
            withheld: false,
          },
          {
            key: 'W',
            people: people('i', 'j', 'k', 'l', 'm', 'n'),
            withheld: false,
          },
        ],
        5,
      ),
    ).toEqual(new Set(['Z']));
  });

  it('withholds every group when even all together hold fewer than k people beyond the withheld', () => {
    // 1 withheld; the shown ones overlap with it: adding B (a, b, c, d, e)
    // gives 5 distinct people; done.
    expect(
      complementaryWithheld(
        [
          { key: 'A', people: people('a'), withheld: true },
          {
            key: 'B',
            people: people('a', 'b', 'c', 'd', 'e'),
            withheld: false,
          },
          {
            key: 'C',
            people: people('a', 'b', 'c', 'd', 'e', 'f'),
            withheld: false,
          },
        ],
        5,
      ),
    ).toEqual(new Set(['B']));
  });
});
