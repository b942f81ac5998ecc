import {
  floorToHour,
  floorToIsoWeek,
} from '@customer-impact/plugin-customer-impact-common';
import type { DemoSeeder } from './types';

/**
 * Demo relief: the platform team made its payments-v2 API keys self-service
 * 23 days before the demo started, and recorded the change through
 * `POST /v1/changes`, as a CI job would. The support history of
 * payments-v2 is shaped around it:
 *
 * - the Checkout team (whose refunds-worker consumes payments-v2) asked for
 *   API keys by ticket 3 times a week, every 56 hours, until the change; after
 *   it only once (an old SDK, 2 days later): relief, 3.0 → 0.3 tickets a week
 *   once 3 weeks have passed;
 * - the Billing team's webhook questions are unrelated to the change: one a
 *   week before and after it (half a week off the change's weekday), so its
 *   figure stays 1.0 → 1.0: no relief.
 *
 * Like the other seeders the data is a pure function of the demo's start
 * (`origin`) and `now`: the change is at `origin − 23 days` (on the hour),
 * the history reaches back as far as the support seeder's (the Monday 13
 * weeks before the origin's week), and later events arrive while
 * the demo runs. Ids are derived from the events' place relative to the
 * change, so every push is idempotent.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** Weeks of history before the change (cut at the start of the support seeder's history). */
const HISTORY_WEEKS = 13;
/** The support seeder's history begins on the Monday 13 weeks before the origin's week. */
const SUPPORT_HISTORY_WEEKS = 13;

/** The id of the demo's recorded change. */
export const DEMO_CHANGE_ID = 'demo-payments-v2-self-service-keys';
const PAYMENTS_V2 = 'api:default/payments-v2';
const CHECKOUT = 'group:default/team-checkout';
const BILLING = 'group:default/team-billing';

/** When the demo's change took effect: 23 days before the demo started, on the hour. */
export function demoChangeAt(origin: Date): number {
  return floorToHour(origin.getTime() - 23 * DAY);
}

/** The demo's change, as `POST /v1/changes` takes it. */
export function demoChange(origin: Date) {
  return {
    id: DEMO_CHANGE_ID,
    title: 'Self-service API keys for payments-v2',
    at: new Date(demoChangeAt(origin)).toISOString(),
    entityRefs: [PAYMENTS_V2],
    url: 'https://github.com/acme/payments/pull/1042',
  };
}

interface DemoEvent {
  source: string;
  externalId: string;
  entityRef: string;
  consumerRef: string;
  kind: 'ticket';
  openedAt: string;
  resolvedAt?: string;
  category: string;
  severity: string;
  title: string;
  url: string;
}

function ticket(
  id: string,
  consumerRef: string,
  openedMs: number,
  category: string,
  title: string,
  resolveAfterMs: number,
  nowMs: number,
): DemoEvent {
  return {
    source: 'jira',
    externalId: id,
    entityRef: PAYMENTS_V2,
    consumerRef,
    kind: 'ticket',
    openedAt: new Date(openedMs).toISOString(),
    ...(openedMs + resolveAfterMs <= nowMs
      ? { resolvedAt: new Date(openedMs + resolveAfterMs).toISOString() }
      : {}),
    category,
    severity: 'P3',
    title,
    url: `https://jira.example.com/browse/${id}`,
  };
}

/**
 * The support events of payments-v2 up to `now`, for a demo that started at
 * `origin` (default: `now`). Events after `now` are left out, and so are
 * resolutions after `now` (still open).
 */
export function changeDemoEvents(now: Date, origin: Date = now): DemoEvent[] {
  const nowMs = now.getTime();
  const at = demoChangeAt(origin);
  const historyStart =
    floorToIsoWeek(origin.getTime()) - SUPPORT_HISTORY_WEEKS * WEEK;
  const events: DemoEvent[] = [];
  // Checkout: every 56 hours (3 a week) before the change; the 12th before
  // it falls exactly on at − 4 weeks and so counts in the before window.
  for (let k = 1; k <= HISTORY_WEEKS * 3; k++) {
    events.push(
      ticket(
        `PV2-KEY-B${k}`,
        CHECKOUT,
        at - k * 56 * HOUR,
        'api-keys',
        'New API key for refunds-worker',
        4 * HOUR,
        nowMs,
      ),
    );
  }
  // ... and once after it, from a service still on the old SDK.
  events.push(
    ticket(
      'PV2-KEY-A1',
      CHECKOUT,
      at + 2 * DAY,
      'api-keys',
      'Old SDK still asks for a key by ticket',
      2 * HOUR,
      nowMs,
    ),
  );
  // Billing: one webhook question a week, half a week off the change's
  // weekday, before and after it alike.
  for (let j = 0; j < HISTORY_WEEKS; j++) {
    events.push(
      ticket(
        `PV2-HOOK-B${j + 1}`,
        BILLING,
        at - 3.5 * DAY - j * WEEK,
        'webhooks',
        'Webhook signature does not verify',
        DAY,
        nowMs,
      ),
    );
  }
  for (let j = 0; at + 3.5 * DAY + j * WEEK <= nowMs; j++) {
    events.push(
      ticket(
        `PV2-HOOK-A${j + 1}`,
        BILLING,
        at + 3.5 * DAY + j * WEEK,
        'webhooks',
        'Webhook signature does not verify',
        DAY,
        nowMs,
      ),
    );
  }
  return events
    .filter(
      e =>
        Date.parse(e.openedAt) >= historyStart &&
        Date.parse(e.openedAt) <= nowMs,
    )
    .sort((a, b) => a.openedAt.localeCompare(b.openedAt));
}

/**
 * Records the demo's change through `POST /v1/changes` and pushes the
 * support events of payments-v2 through `POST /v1/support-events`: the
 * history on the first run, then what was opened or resolved since the last
 * successful push (with an hour of overlap).
 */
export const changesDemoSeeder: DemoSeeder = {
  name: 'changes',
  async seed({ push, now, origin, since, logger }) {
    const all = changeDemoEvents(now, origin);
    const sinceMs = since ? since.getTime() - HOUR : undefined;
    const events =
      sinceMs === undefined
        ? all
        : all.filter(
            e =>
              Date.parse(e.openedAt) > sinceMs ||
              (e.resolvedAt !== undefined &&
                Date.parse(e.resolvedAt) > sinceMs),
          );
    if (events.length > 0) {
      const result = await push('/v1/support-events', { events });
      logger.debug(
        `Support events of payments-v2 pushed: ${JSON.stringify(result)}`,
      );
    }
    if (!since) {
      const result = await push('/v1/changes', {
        changes: [demoChange(origin)],
      });
      logger.info(`Demo change recorded: ${JSON.stringify(result)}`);
    }
  },
};
