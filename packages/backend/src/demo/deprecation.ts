import { ResponseError } from '@backstage/errors';
import { DemoSeeder } from './types';

const DAY = 86_400_000;

/** Days of history before the demo's start: 12 weeks. */
export const BURNDOWN_HISTORY_DAYS = 84;

/**
 * The demo's migration history, as another system (a spreadsheet, the
 * previous tracker) would have recorded it: the dependents a deprecated
 * entity had `weeksAgo` weeks before the demo started. It ends at the
 * catalog's count of today (examples/catalog), which the backend's own
 * hourly task records from the day the demo starts on.
 */
const HISTORY: Array<{
  entityRef: string;
  /** [from this many weeks ago on, dependents], most weeks first. */
  steps: Array<[number, number]>;
  /** The count of today. */
  today: number;
}> = [
  {
    // 7 teams 12 weeks ago, 3 (billing, checkout, subscriptions) today.
    entityRef: 'api:default/payments-v1',
    steps: [
      [10, 7],
      [7, 6],
      [5, 5],
      [2, 4],
    ],
    today: 3,
  },
  {
    // 4 builds 12 weeks ago, 1 (subscriptions) today.
    entityRef: 'component:default/legacy-build-runner',
    steps: [
      [9, 4],
      [6, 3],
      [3, 2],
    ],
    today: 1,
  },
];

function dependentsOf(entry: (typeof HISTORY)[number], weeksAgo: number) {
  return entry.steps.find(([weeks]) => weeksAgo >= weeks)?.[1] ?? entry.today;
}

/** `YYYY-MM-DD` (UTC) of an instant. */
function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The burndown history of a demo that started at `origin`: one point per
 * entity and UTC day for the `BURNDOWN_HISTORY_DAYS` days before the
 * origin's day (never the origin's day itself: that is the backend's count).
 */
export function demoBurndownPoints(origin: Date) {
  const today = Math.floor(origin.getTime() / DAY) * DAY;
  const points: Array<{ entityRef: string; date: string; dependents: number }> =
    [];
  for (const entry of HISTORY) {
    for (let d = BURNDOWN_HISTORY_DAYS; d >= 1; d--) {
      points.push({
        entityRef: entry.entityRef,
        date: utcDay(today - d * DAY),
        dependents: dependentsOf(entry, Math.floor(d / 7)),
      });
    }
  }
  return points;
}

/**
 * The demo's exemption, as the owner of a dependent would record it: team
 * growth's subscriptions-service cannot leave payments-v1 before its
 * renewals freeze ends, 45 days after the demo started.
 */
export function demoExemption(origin: Date) {
  return {
    entityRef: 'api:default/payments-v1',
    request: {
      dependentRef: 'component:default/subscriptions-service',
      reason:
        'Renewals are frozen until the January billing run; subscriptions moves to v2 right after it',
      until: utcDay(origin.getTime() + 45 * DAY),
    },
  };
}

/**
 * Imports the burndown history once, through
 * `POST /v1/deprecation-burndown` (history recorded elsewhere before the
 * portal counted it). A backend without that route answers 404: then the
 * chart starts with the backend's own first count, and this says so once.
 */
export const deprecationDemoSeeder: DemoSeeder = {
  name: 'deprecation-burndown',
  async seed({ push, get, origin, since, logger }) {
    if (since) {
      return; // history is imported once; the backend counts from then on
    }
    // One exemption, through the public API. Exemptions keep their history
    // (every POST is a new record), and the development server keeps its
    // in-memory database across restarts: record it only when it is not
    // there yet.
    const exemption = demoExemption(origin);
    const [kind, rest] = exemption.entityRef.split(':');
    const path = `/v1/entities/${kind}/${rest}/deprecation-exemptions`;
    const existing = (await get(path)) as {
      exemptions: Array<{ dependentRef: string; reason: string }>;
    };
    if (
      !existing.exemptions.some(
        e =>
          e.dependentRef === exemption.request.dependentRef &&
          e.reason === exemption.request.reason,
      )
    ) {
      await push(path, exemption.request);
      logger.info(
        `Recorded the demo exemption of ${exemption.request.dependentRef} until ${exemption.request.until}`,
      );
    }
    const points = demoBurndownPoints(origin);
    try {
      const result = await push('/v1/deprecation-burndown', { points });
      logger.info(
        `Imported ${
          points.length
        } deprecation burndown points: ${JSON.stringify(result)}`,
      );
    } catch (e) {
      if (e instanceof ResponseError && e.response.status === 404) {
        logger.info(
          'Skipped the deprecation burndown history: this backend has no POST /v1/deprecation-burndown; the chart starts with its first daily count',
        );
        return;
      }
      throw e;
    }
  },
};
