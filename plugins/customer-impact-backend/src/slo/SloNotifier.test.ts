import { SloAlertState } from '@customer-impact/plugin-customer-impact-common';
import { nextAlertState, ownerOf } from './SloNotifier';
import { SloAlertStateRow } from './SloStateStore';

/** Feeds a sequence of states through the rule, as successive runs would. */
function run(
  states: SloAlertState[],
  options: { notifyResolved?: boolean } = {},
): Array<'page' | 'ticket' | 'resolved' | null> {
  let row: SloAlertStateRow | undefined;
  return states.map((state, i) => {
    const { next, notify } = nextAlertState(
      row,
      'component:default/a',
      'slo',
      state,
      i * 300_000,
      options,
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

  it('notifies the return to ok only when the alert policy asks (alertWhenResolved), and only after a notified alert', () => {
    expect(run(['page', 'ok', 'ok'])).toEqual(['page', null, null]);
    expect(run(['page', 'ok', 'ok'], { notifyResolved: true })).toEqual([
      'page',
      'resolved',
      null,
    ]);
    expect(
      run(['ok', 'no-data', 'ok', 'ticket', 'no-data', 'ok'], {
        notifyResolved: true,
      }),
    ).toEqual([null, null, null, 'ticket', null, 'resolved']);
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
