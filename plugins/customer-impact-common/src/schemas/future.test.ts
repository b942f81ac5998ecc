import { InputError } from '@backstage/errors';
import {
  MAX_FUTURE_SKEW_MS,
  assertNoFutureTimestamps,
  futureTimestampProblems,
} from './future';

// The service's clock: Saturday 21 November 2026, 12:00 UTC.
const now = new Date('2026-11-21T12:00:00.000Z');

describe('futureTimestampProblems', () => {
  const events = [
    // 12:10:00.000 is now + 10 min: the last instant accepted.
    { openedAt: '2026-11-21T12:10:00.000Z', resolvedAt: undefined },
    // 12:10:00.001 is 1 ms too late.
    {
      openedAt: '2026-11-21T11:00:00.000Z',
      resolvedAt: '2026-11-21T12:10:00.001Z',
    },
    // The year 2099: a typo for 2026.
    {
      openedAt: '2099-01-01T00:00:00.000Z',
      resolvedAt: '2099-01-02T00:00:00.000Z',
    },
  ];

  it('names each item and field more than 10 minutes after now', () => {
    expect(MAX_FUTURE_SKEW_MS).toBe(600_000);
    expect(
      futureTimestampProblems(events, {
        listName: 'events',
        fields: ['openedAt', 'resolvedAt'],
        now,
      }).map(p => p.path),
    ).toEqual([
      'events[1].resolvedAt',
      'events[2].openedAt',
      'events[2].resolvedAt',
    ]);
  });

  it('says what now is and what was sent', () => {
    expect(() =>
      assertNoFutureTimestamps([events[2]], {
        listName: 'events',
        fields: ['openedAt'],
        now,
      }),
    ).toThrow(
      new InputError(
        'events[0].openedAt: must not be more than 10 minutes in the future (now is 2026-11-21T12:00:00.000Z), got "2099-01-01T00:00:00.000Z"',
      ),
    );
  });

  it('takes the clock it is given, not the wall clock', () => {
    // The same batch seen from 2 January 2099 is fine.
    const later = new Date('2099-01-02T00:00:00.000Z');
    expect(
      futureTimestampProblems(events, {
        listName: 'events',
        fields: ['openedAt', 'resolvedAt'],
        now: later,
      }),
    ).toEqual([]);
  });
});
