import { floorToIsoWeek } from '@customer-impact/plugin-customer-impact-common';
import type { DemoSeeder } from './types';

/**
 * Demo support history: 14 ISO weeks of tickets, pages, escalations and manual
 * exceptions on what the platform team owns, raised by the four consuming
 * teams of examples/org.yaml.
 *
 * - payments-service: steady tickets in a few big categories (access, quota,
 *   webhooks), pages every week, and this week a bad on-call shift (3 pages
 *   on Monday morning, over the SRE Book's limit of 2).
 * - legacy-build-runner: the long tail dominates: nearly every request is a
 *   one-off (a custom image, a pinned toolchain, a flaky cache ...), and many
 *   are manual exceptions.
 * - payments-v1: migration questions from the teams still on it.
 *
 * Every week's events are drawn from a generator seeded with the entity and
 * the ISO week, so a re-run produces the same events with the same ids (the
 * push is idempotent); events after "now" are left out and resolutions after
 * "now" are dropped (still open). The bad shift comes in the week of the
 * demo's origin (its start) and in every week after it while the demo runs
 * (in the history before the origin there is none). So the history is a
 * pure function of time and
 * origin: while the demo runs, each push adds the week's events that have
 * happened since (a handful a day: tickets, pages, manual exceptions) and
 * the resolutions that have come.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const WEEKS = 14;

const CHECKOUT = 'group:default/team-checkout';
const BILLING = 'group:default/team-billing';
const GROWTH = 'group:default/team-growth';
const SEARCH = 'group:default/team-search';

type Kind = 'ticket' | 'page' | 'escalation' | 'manual-exception';

interface DemoEvent {
  source: string;
  externalId: string;
  entityRef: string;
  consumerRef?: string;
  kind: Kind;
  openedAt: string;
  resolvedAt?: string;
  category?: string;
  severity?: string;
  title: string;
  url: string;
}

/** mulberry32: a small deterministic generator. */
function generator(seedText: string) {
  let seed = 0;
  for (const ch of seedText) {
    seed = (Math.imul(seed, 31) + ch.charCodeAt(0)) | 0;
  }
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: Array<[T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [item, weight] of items) {
    r -= weight;
    if (r < 0) return item;
  }
  return items[items.length - 1][0];
}

function count(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Monday 00:00 UTC of the week holding `ms`. */
const mondayOf = floorToIsoWeek;

interface Profile {
  entityRef: string;
  key: string;
  tickets: [number, number];
  pages: [number, number];
  escalations: [number, number];
  exceptions: [number, number];
  categories: Array<[string, number]>;
  consumers: Array<[string | undefined, number]>;
  titles: Record<string, string>;
}

const profiles: Profile[] = [
  {
    entityRef: 'component:default/payments-service',
    key: 'PAY',
    tickets: [3, 6],
    pages: [0, 3],
    escalations: [0, 1],
    exceptions: [0, 2],
    categories: [
      ['access', 8],
      ['quota', 5],
      ['webhooks', 4],
      ['refund-limits', 1],
      ['currency', 1],
    ],
    consumers: [
      [CHECKOUT, 6],
      [BILLING, 4],
      [GROWTH, 1],
      [undefined, 1],
    ],
    titles: {
      access: 'Service account cannot call /charges',
      quota: 'Rate limit hit during checkout peak',
      webhooks: 'Webhook retries arrive out of order',
      'refund-limits': 'Refund above limit needs approval',
      currency: 'New currency requested for a market',
    },
  },
  {
    entityRef: 'component:default/legacy-build-runner',
    key: 'RUN',
    tickets: [3, 6],
    pages: [0, 1],
    escalations: [0, 1],
    exceptions: [1, 3],
    categories: [
      ['custom-image', 1],
      ['pinned-node-14', 1],
      ['flaky-cache', 1],
      ['artifact-retention', 1],
      ['secret-mount', 1],
      ['gpu-runner', 1],
      ['timeout-extension', 1],
      ['private-registry', 1],
      ['arm-build', 1],
      ['disk-quota', 1],
      ['windows-agent', 1],
      ['proxy-settings', 1],
      ['license-server', 1],
      ['clock-skew', 1],
    ],
    consumers: [
      [GROWTH, 4],
      [SEARCH, 4],
      [CHECKOUT, 2],
      [BILLING, 1],
    ],
    titles: {},
  },
  {
    entityRef: 'api:default/payments-v1',
    key: 'PV1',
    tickets: [1, 3],
    pages: [0, 0],
    escalations: [0, 0],
    exceptions: [0, 1],
    categories: [
      ['migration', 5],
      ['idempotency', 2],
      ['sunset-extension', 1],
    ],
    consumers: [
      [BILLING, 3],
      [CHECKOUT, 2],
      [SEARCH, 1],
    ],
    titles: {
      migration: 'How do we map v1 charge ids to v2?',
      idempotency: 'Duplicate charge on retry (v1 has no idempotency keys)',
      'sunset-extension': 'Can we keep v1 past the sunset date?',
    },
  },
];

function weekLabel(monday: number): string {
  // ISO week-year and week of a Monday: the Thursday decides the year.
  const thursday = new Date(monday + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const firstThursday = Date.UTC(year, 0, 4);
  const week =
    1 +
    Math.round((thursday.getTime() - mondayOf(firstThursday) - 3 * DAY) / WEEK);
  return `${year}W${String(week).padStart(2, '0')}`;
}

/** The events of one entity in one week (all of them, also those after now). */
function weekEvents(
  profile: Profile,
  monday: number,
  hasBadShift: boolean,
): DemoEvent[] {
  const label = weekLabel(monday);
  const random = generator(`${profile.key}-${label}`);
  const events: DemoEvent[] = [];
  let n = 0;
  const add = (kind: Kind, openedMs: number, resolveMs: number | undefined) => {
    n += 1;
    const isPage = kind === 'page' || kind === 'escalation';
    const category = isPage ? undefined : pick(random, profile.categories);
    const consumerRef = pick(random, profile.consumers);
    const id = `${profile.key}-${label}-${n}`;
    const name = profile.entityRef.split('/')[1];
    const pageTitles: Partial<Record<Kind, string>> = {
      page: `${name}: error rate above 2 % for 5 min`,
      escalation: `${name}: incident escalated to the platform lead`,
    };
    const title = isPage
      ? pageTitles[kind]!
      : profile.titles[category!] ??
        `One-off request: ${category!.replace(/-/g, ' ')}`;
    events.push({
      source: isPage ? 'pagerduty' : 'jira',
      externalId: id,
      entityRef: profile.entityRef,
      ...(consumerRef ? { consumerRef } : {}),
      kind,
      openedAt: new Date(openedMs).toISOString(),
      ...(resolveMs !== undefined
        ? { resolvedAt: new Date(openedMs + resolveMs).toISOString() }
        : {}),
      ...(category ? { category } : {}),
      severity: isPage
        ? pick(random, [
            ['SEV2', 2],
            ['SEV3', 3],
          ])
        : pick(random, [
            ['P3', 3],
            ['P4', 2],
          ]),
      title,
      url: isPage
        ? `https://acme.pagerduty.com/incidents/${id}`
        : `https://jira.example.com/browse/${id}`,
    });
  };
  const within = () => monday + Math.floor(random() * WEEK);
  for (let i = count(random, ...profile.tickets); i > 0; i--) {
    add(
      'ticket',
      within(),
      random() < 0.9 ? HOUR + random() * 4 * DAY : undefined,
    );
  }
  for (let i = count(random, ...profile.pages); i > 0; i--) {
    add('page', within(), 15 * 60_000 + random() * 3 * HOUR);
  }
  for (let i = count(random, ...profile.escalations); i > 0; i--) {
    add('escalation', within(), HOUR + random() * DAY);
  }
  for (let i = count(random, ...profile.exceptions); i > 0; i--) {
    add(
      'manual-exception',
      within(),
      random() < 0.7 ? 2 * HOUR + random() * 5 * DAY : undefined,
    );
  }
  if (hasBadShift && profile.key === 'PAY') {
    // A bad shift: 3 pages on Monday between 02:00 and 09:00 UTC.
    for (const h of [2, 5, 9]) {
      add('page', monday + h * HOUR, 40 * 60_000);
    }
  }
  return events;
}

/**
 * The whole demo history up to `now`, for a demo that started at `origin`
 * (default: `now`): the 14 ISO weeks up to the origin's, and those since.
 */
export function supportDemoEvents(now: Date, origin: Date = now): DemoEvent[] {
  const nowMs = now.getTime();
  const originMonday = mondayOf(origin.getTime());
  const firstMonday = originMonday - (WEEKS - 1) * WEEK;
  const events: DemoEvent[] = [];
  for (let monday = firstMonday; monday <= nowMs; monday += WEEK) {
    for (const profile of profiles) {
      for (const e of weekEvents(profile, monday, monday >= originMonday)) {
        if (Date.parse(e.openedAt) > nowMs) continue;
        if (e.resolvedAt && Date.parse(e.resolvedAt) > nowMs) {
          delete e.resolvedAt;
        }
        events.push(e);
      }
    }
  }
  return events;
}

/**
 * The events that changed in `(since, now]`: opened or resolved then. An
 * event opened earlier and resolved in that span is pushed again, with its
 * resolution.
 */
export function supportEventsChangedSince(
  now: Date,
  origin: Date,
  since: Date,
): DemoEvent[] {
  const sinceMs = since.getTime();
  return supportDemoEvents(now, origin).filter(
    e =>
      Date.parse(e.openedAt) > sinceMs ||
      (e.resolvedAt !== undefined && Date.parse(e.resolvedAt) > sinceMs),
  );
}

/**
 * Pushes the history through `POST /v1/support-events` on the first run,
 * then what changed since the last successful push (with an hour of
 * overlap: an event pushed again unchanged is reported unchanged).
 */
export const supportSeeder: DemoSeeder = {
  name: 'support',
  async seed({ push, now, origin, since, logger }) {
    const events = since
      ? supportEventsChangedSince(now, origin, new Date(since.getTime() - HOUR))
      : supportDemoEvents(now, origin);
    for (let i = 0; i < events.length; i += 500) {
      const result = await push('/v1/support-events', {
        events: events.slice(i, i + 500),
      });
      const message = `Support events pushed: ${JSON.stringify(result)}`;
      if (since) {
        logger.debug(message);
      } else {
        logger.info(message);
      }
    }
  },
};
