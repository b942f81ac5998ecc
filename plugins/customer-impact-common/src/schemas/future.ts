import { ValidationProblem, inputErrorFromProblems } from '../validation';

/**
 * How far into the future a pushed timestamp may be: 10 minutes, for clocks
 * that are a little ahead. Anything later is a mistake (a wrong year, a
 * time zone taken for UTC) that would otherwise sit in the figures unseen.
 *
 * @public
 */
export const MAX_FUTURE_SKEW_MS = 10 * 60 * 1000;

/**
 * The timestamps of a validated batch that are more than
 * {@link MAX_FUTURE_SKEW_MS} after `now`, one problem per item and field:
 * `events[3].openedAt: must not be more than 10 minutes in the future (now is
 * 2026-11-21T12:00:00.000Z), got "2099-01-01T00:00:00.000Z"`. Absent fields
 * are skipped.
 *
 * @public
 */
export function futureTimestampProblems<T>(
  items: readonly T[],
  options: {
    /** The batch's field in the body, e.g. `events`. */
    listName: string;
    /** The timestamp fields of an item, e.g. `['openedAt', 'resolvedAt']`. */
    fields: ReadonlyArray<keyof T & string>;
    /** The service's clock. */
    now: Date;
  },
): ValidationProblem[] {
  const limit = options.now.getTime() + MAX_FUTURE_SKEW_MS;
  const problems: ValidationProblem[] = [];
  items.forEach((item, index) => {
    for (const field of options.fields) {
      const value = item[field];
      if (typeof value !== 'string') {
        continue;
      }
      if (Date.parse(value) > limit) {
        problems.push({
          path: `${options.listName}[${index}].${field}`,
          message: `must not be more than 10 minutes in the future (now is ${options.now.toISOString()}), got ${JSON.stringify(
            value,
          )}`,
        });
      }
    }
  });
  return problems;
}

/**
 * Throws the `InputError` (400) of {@link futureTimestampProblems} when a
 * timestamp of the batch is too far in the future; nothing of the batch is
 * written then.
 *
 * @public
 */
export function assertNoFutureTimestamps<T>(
  items: readonly T[],
  options: {
    listName: string;
    fields: ReadonlyArray<keyof T & string>;
    now: Date;
  },
): void {
  const problems = futureTimestampProblems(items, options);
  if (problems.length > 0) {
    throw inputErrorFromProblems(problems);
  }
}
