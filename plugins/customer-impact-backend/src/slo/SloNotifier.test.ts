import { SloAlertState } from '@customer-impact/plugin-customer-impact-common';
import { nextAlertState, ownerOf } from './SloNotifier';
import { SloAlertStateRow } from './SloStateStore';

/** Feeds a sequence of states through the rule, as successive runs would. */
function run(states: SloAlertState[]): Array<'page' | 'ticket' | null> {
  let row: SloAlertStateRow | undefined;
  return states.map((state, i) => {
    const { next, notify } = nextAlertState(
      row,
      'component:default/a',
      'slo',
      state,
      i * 300_000,
    );
    row = next;
    return notify;
  });
}

describe('nextAlertState', () => {
  it('notifies once when an SLO enters page, not while it stays there', () => {
    expect(run(['ok', 'page', 'page', 'page'])).toEqual([
      null,
      'page',
      null,
      null,
    ]);
  });

  it('notifies again after the SLO went back to ok', () => {
    expect(run(['page', 'ok', 'page'])).toEqual(['page', null, 'page']);
  });

  it('notifies each entry into another alerting state', () => {
    expect(run(['ok', 'ticket', 'page', 'ticket', 'ticket'])).toEqual([
      null,
      'ticket',
      'page',
      'ticket',
      null,
    ]);
  });

  it('does not notify again when data drops out and comes back during the same alert', () => {
    expect(run(['page', 'no-data', 'page'])).toEqual(['page', null, null]);
  });

  it('never notifies for ok or no-data', () => {
    expect(run(['no-data', 'ok', 'no-data', 'ok'])).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('keeps the time the state was entered while it lasts', () => {
    const first = nextAlertState(undefined, 'e', 's', 'page', 1000).next;
    const second = nextAlertState(first, 'e', 's', 'page', 2000).next;
    expect(second.changedAt).toBe(1000);
    expect(second.notifiedAt).toBe(1000);
    const third = nextAlertState(second, 'e', 's', 'ok', 3000).next;
    expect(third).toEqual(
      expect.objectContaining({
        state: 'ok',
        notifiedState: null,
        changedAt: 3000,
        notifiedAt: null,
      }),
    );
  });
});

describe('ownerOf', () => {
  it('prefers the ownedBy relation and falls back to spec.owner as a group', () => {
    expect(
      ownerOf({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'a', namespace: 'shop' },
        spec: { owner: 'team-x' },
        relations: [{ type: 'ownedBy', targetRef: 'group:default/team-y' }],
      }),
    ).toBe('group:default/team-y');
    expect(
      ownerOf({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'a', namespace: 'shop' },
        spec: { owner: 'team-x' },
      }),
    ).toBe('group:shop/team-x');
  });
});
