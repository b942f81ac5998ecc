import { sortedLowerCaseRefs } from './refs';

describe('sortedLowerCaseRefs', () => {
  it('lowers the case, drops duplicates and sorts in code-unit order', () => {
    expect(
      sortedLowerCaseRefs([
        'Component:default/B',
        'component:default/a-1',
        'component:default/b',
        'api:default/x',
        'Group:Default/Ärger',
      ]),
    ).toEqual([
      'api:default/x',
      'component:default/a-1',
      'component:default/b',
      'group:default/ärger',
    ]);
  });

  it('gives a list already so back as a copy with the same refs', () => {
    const ready = ['api:default/x', 'component:default/a', 'group:default/t'];
    const out = sortedLowerCaseRefs(ready);
    expect(out).toEqual(ready);
    expect(out).not.toBe(ready);
  });

  it('sorts a lower-case list out of order and drops a repeated ref', () => {
    expect(
      sortedLowerCaseRefs([
        'component:default/b',
        'component:default/a',
        'component:default/a',
      ]),
    ).toEqual(['component:default/a', 'component:default/b']);
  });

  it('lowers non-ASCII refs as toLocaleLowerCase("en-US") does', () => {
    const refs = ['component:default/ÉCOLE', 'component:default/İstanbul'];
    expect(sortedLowerCaseRefs(refs)).toEqual(
      [...new Set(refs.map(r => r.toLocaleLowerCase('en-US')))].sort(),
    );
  });
});
