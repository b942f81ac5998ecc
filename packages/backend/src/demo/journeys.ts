import { DemoSeeder } from './types';

// The shapes of the public API (JourneyEventInput, JourneyFeedbackInput and
// JourneyPushResponse in @customer-impact/plugin-customer-impact-common),
// written out here as any client outside the monorepo would.
interface JourneyEventInput {
  eventId: string;
  journeyRef: string;
  stepId: string;
  subject: string;
  type: 'started' | 'completed' | 'abandoned';
  at: string;
}
interface JourneyFeedbackInput {
  feedbackId: string;
  journeyRef: string;
  stepId: string;
  subject: string;
  kind: 'done' | 'stuck';
  comment?: string;
  effort?: number;
  at: string;
}
// A support event naming a journey step (SupportEventInput in -common).
interface OnboardingTicket {
  source: string;
  externalId: string;
  entityRef: string;
  kind: 'ticket';
  openedAt: string;
  resolvedAt?: string;
  title: string;
  requester: string;
  journeyRef: string;
  journeyStepId: string;
}
interface JourneyPushResponse {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Demo journey data for the journeys in examples/journeys.yaml: generated
 * people walk the steps (some slowly, some give up), and some of them answer
 * "done" with an effort score or "I'm stuck here". Everything is pushed through
 * the public API as a service (`POST /v1/journey-events`, `/v1/journey-feedback`),
 * with deterministic ids. The data is a pure function of the demo's origin
 * (its start) and "now": a later run pushes the steps people have taken
 * since, and the people who have arrived since, never a second copy.
 *
 * Feedback needs a person: in the portal it is the signed-in user; the demo
 * pushes it through the batch endpoint with generated subjects
 * (`demo-person-N@acme.example`), as a survey tool would.
 */

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface StepProfile {
  id: string;
  /** Expected duration in ms (as in the spec). */
  expected: number;
  /** Typical time taken compared with the expected (median factor). */
  slowness: number;
  /** Chance that a person who starts the step never completes it. */
  dropOff: number;
  /** Chance that a person who answers says "stuck". */
  stuck: number;
  /** Typical effort score of the people who answer "done". */
  effort: number;
  /**
   * People stuck at this step who also open a ticket naming it, on the
   * step's entity (`entityRef`): they were not self-served.
   */
  tickets?: { entityRef: string; title: string; chance: number };
}

export interface JourneyProfile {
  ref: string;
  /** People, and how many days ago they may have started. */
  people: number;
  startWithinDays: number;
  /** A few extra people who started long ago: a small, withheld cohort. */
  earlyPeople?: { count: number; daysAgo: number };
  /** Share of people who answer on a step. */
  answerRate: number;
  /**
   * New people a day while the demo runs (default none): each walks the
   * steps, so events and answers keep coming.
   */
  arrivalsPerDay?: number;
  steps: StepProfile[];
  seed: number;
}

export const DEMO_JOURNEYS: JourneyProfile[] = [
  {
    ref: 'journey:default/first-service',
    people: 64,
    startWithinDays: 110,
    // Three people in one early month: that cohort's figures are withheld.
    earlyPeople: { count: 3, daysAgo: 175 },
    answerRate: 0.55,
    // About 4 events an hour while the demo runs.
    arrivalsPerDay: 8,
    seed: 11,
    steps: [
      {
        id: 'get-access',
        expected: 4 * HOUR,
        slowness: 1.6,
        dropOff: 0.02,
        stuck: 0.15,
        effort: 3,
      },
      {
        id: 'scaffold-service',
        expected: 0.5 * HOUR,
        slowness: 0.8,
        dropOff: 0.03,
        stuck: 0.05,
        effort: 2,
      },
      {
        id: 'call-payments',
        expected: 2 * HOUR,
        slowness: 1.4,
        dropOff: 0.08,
        stuck: 0.25,
        effort: 4,
        tickets: {
          entityRef: 'api:default/payments-v2',
          title: 'Sandbox credentials for Payments API v2 do not work',
          chance: 0.4,
        },
      },
      {
        id: 'first-deploy',
        expected: 2 * HOUR,
        slowness: 3.2,
        dropOff: 0.22,
        stuck: 0.55,
        effort: 6,
        tickets: {
          entityRef: 'component:default/legacy-build-runner',
          title: 'First deploy fails on the build runner',
          chance: 0.6,
        },
      },
      {
        id: 'first-change',
        expected: DAY,
        slowness: 1.1,
        dropOff: 0.05,
        stuck: 0.1,
        effort: 3,
      },
    ],
  },
  {
    ref: 'journey:default/take-a-payment',
    people: 26,
    startWithinDays: 90,
    answerRate: 0.5,
    arrivalsPerDay: 3,
    seed: 23,
    steps: [
      {
        id: 'get-credentials',
        expected: HOUR,
        slowness: 2.2,
        dropOff: 0.1,
        stuck: 0.4,
        effort: 5,
      },
      {
        id: 'first-charge',
        expected: 2 * HOUR,
        slowness: 1.0,
        dropOff: 0.05,
        stuck: 0.1,
        effort: 3,
      },
      {
        id: 'reconcile',
        expected: DAY,
        slowness: 1.3,
        dropOff: 0.1,
        stuck: 0.2,
        effort: 4,
      },
    ],
  },
  {
    ref: 'journey:default/first-on-call',
    people: 9,
    startWithinDays: 60,
    answerRate: 0.7,
    arrivalsPerDay: 1,
    seed: 37,
    steps: [
      {
        id: 'read-runbook',
        expected: HOUR,
        slowness: 1.2,
        dropOff: 0.05,
        stuck: 0.2,
        effort: 3,
      },
      {
        id: 'first-page',
        expected: 2 * HOUR,
        slowness: 1.5,
        dropOff: 0.35,
        stuck: 0.4,
        effort: 5,
      },
      {
        id: 'check-checkout',
        expected: 0.5 * HOUR,
        slowness: 1.0,
        dropOff: 0.3,
        stuck: 0.2,
        effort: 3,
      },
    ],
  },
  {
    // A young golden path: four people, so every aggregate is withheld (no
    // new people while the demo runs, so it stays withheld).
    ref: 'journey:default/add-search',
    people: 4,
    startWithinDays: 20,
    answerRate: 0.8,
    seed: 41,
    steps: [
      {
        id: 'define-index',
        expected: 2 * HOUR,
        slowness: 1.3,
        dropOff: 0,
        stuck: 0.3,
        effort: 4,
      },
      {
        id: 'first-query',
        expected: HOUR,
        slowness: 1.0,
        dropOff: 0,
        stuck: 0.2,
        effort: 3,
      },
    ],
  },
];

const STUCK_COMMENTS = [
  'I do not know who approves this.',
  'The docs describe a previous version.',
  'The build queue took hours and then failed with an opaque error.',
  'Missing permissions; had to ask in chat.',
  '',
];

/** A small deterministic PRNG (mulberry32), so that the demo is the same every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A positive factor around 1 with a long right tail (log-normal, sigma 0.5). */
function spread(rand: () => number) {
  const u = Math.max(rand(), 1e-9);
  const v = rand();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.exp(0.5 * normal);
}

/** Each person draws from a generator of their own: one person's progress never changes another's. */
function personRandom(profile: JourneyProfile, person: number) {
  return random(
    Math.imul(profile.seed, 0x9e3779b1) ^ Math.imul(person + 1, 0x85ebca6b),
  );
}

/**
 * One person's whole walk through the journey from `start`, including what
 * lies after "now" (the caller leaves that out).
 */
function walk(
  profile: JourneyProfile,
  person: number,
  start: number,
  rand: () => number,
  events: JourneyEventInput[],
  feedback: JourneyFeedbackInput[],
  tickets: OnboardingTicket[] = [],
) {
  const name = profile.ref.split('/')[1];
  const subject = `demo-person-${person}@acme.example`;
  // Tickets draw from a sequence of their own, so that the walks stay as
  // they were before tickets existed.
  const ticketRand = random(
    Math.imul(profile.seed, 0x27d4eb2d) ^ Math.imul(person + 1, 0x165667b1),
  );
  let t = start;
  for (const step of profile.steps) {
    const id = `demo:${name}:${person}:${step.id}`;
    events.push({
      eventId: `${id}:started`,
      journeyRef: profile.ref,
      stepId: step.id,
      subject,
      type: 'started',
      at: new Date(t).toISOString(),
    });
    const drops = rand() < step.dropOff;
    const took = step.expected * step.slowness * spread(rand);
    const doneAt = t + took;
    const answers = rand() < profile.answerRate;
    const stuck = drops || rand() < step.stuck;
    const effort = Math.min(
      7,
      Math.max(1, Math.round(step.effort + (stuck ? 1 : 0) + (rand() * 2 - 1))),
    );
    const comment = stuck
      ? STUCK_COMMENTS[Math.floor(rand() * STUCK_COMMENTS.length)]
      : '';
    if (answers) {
      const at = t + took * (stuck ? 0.6 : 1.05);
      feedback.push({
        feedbackId: `${id}:answer`,
        journeyRef: profile.ref,
        stepId: step.id,
        subject,
        kind: stuck ? 'stuck' : 'done',
        ...(comment ? { comment } : {}),
        effort,
        at: new Date(at).toISOString(),
      });
    }
    if (step.tickets && stuck && ticketRand() < step.tickets.chance) {
      // Half-way through the step they ask a human for help.
      const openedAt = t + took * 0.5;
      tickets.push({
        source: 'jira',
        externalId: `ONB-${name}-${person}-${step.id}`,
        entityRef: step.tickets.entityRef,
        kind: 'ticket',
        openedAt: new Date(openedAt).toISOString(),
        ...(drops ? {} : { resolvedAt: new Date(doneAt).toISOString() }),
        title: step.tickets.title,
        requester: subject,
        journeyRef: profile.ref,
        journeyStepId: step.id,
      });
    }
    if (drops) {
      if (rand() < 0.5) {
        const at = t + took * 0.7;
        events.push({
          eventId: `${id}:abandoned`,
          journeyRef: profile.ref,
          stepId: step.id,
          subject,
          type: 'abandoned',
          at: new Date(at).toISOString(),
        });
      }
      return;
    }
    events.push({
      eventId: `${id}:completed`,
      journeyRef: profile.ref,
      stepId: step.id,
      subject,
      type: 'completed',
      at: new Date(doneAt).toISOString(),
    });
    // A few people stop after a step and never start the next one.
    if (rand() < 0.04) {
      return;
    }
    // The next step starts within a working day.
    t = doneAt + rand() * 8 * HOUR;
  }
}

/**
 * Generates the events and answers of one journey up to `now`, for a demo
 * that started at `origin` (default: `now`). A pure function of the two
 * instants: the people who started before the origin (the history) and the
 * new people who arrive after it (`arrivalsPerDay`) each walk the steps on a
 * timeline of their own; what has happened by `now` is returned, so a later
 * call returns the same records plus the steps taken and the answers given
 * since.
 */
export function generateJourneyData(
  profile: JourneyProfile,
  now: Date,
  origin: Date = now,
) {
  const end = now.getTime();
  const originMs = origin.getTime();
  const events: JourneyEventInput[] = [];
  const feedback: JourneyFeedbackInput[] = [];
  const tickets: OnboardingTicket[] = [];
  const people: Array<{ person: number; start: number; rand: () => number }> =
    [];
  for (let i = 0; i < profile.people; i++) {
    const rand = personRandom(profile, i);
    people.push({
      person: i,
      start: originMs - (2 + rand() * profile.startWithinDays) * DAY,
      rand,
    });
  }
  const early = profile.earlyPeople?.count ?? 0;
  for (let i = 0; i < early; i++) {
    const person = profile.people + i;
    people.push({
      person,
      start: originMs - (profile.earlyPeople!.daysAgo + i) * DAY,
      rand: personRandom(profile, person),
    });
  }
  // New people after the origin: one in each slot of 1 / arrivalsPerDay days.
  const rate = profile.arrivalsPerDay ?? 0;
  if (rate > 0) {
    const slot = DAY / rate;
    for (let k = 0; originMs + k * slot <= end; k++) {
      const person = profile.people + early + k;
      const rand = personRandom(profile, person);
      const start = originMs + (k + rand()) * slot;
      if (start <= end) {
        people.push({ person, start, rand });
      }
    }
  }
  const all = {
    events: [] as JourneyEventInput[],
    feedback: [] as JourneyFeedbackInput[],
    tickets: [] as OnboardingTicket[],
  };
  for (const { person, start, rand } of people) {
    walk(profile, person, start, rand, all.events, all.feedback, all.tickets);
  }
  for (const e of all.events) {
    if (Date.parse(e.at) <= end) events.push(e);
  }
  for (const f of all.feedback) {
    if (Date.parse(f.at) <= end) feedback.push(f);
  }
  // A ticket as it stood at `now`: open until its resolution has happened.
  for (const t of all.tickets) {
    if (Date.parse(t.openedAt) > end) continue;
    if (t.resolvedAt && Date.parse(t.resolvedAt) > end) {
      const { resolvedAt: _later, ...open } = t;
      tickets.push(open);
    } else {
      tickets.push(t);
    }
  }
  return { events, feedback, tickets };
}

/**
 * Pushes the journeys: everything on the first run, then the events and
 * answers of the span since the last successful push (with an hour of
 * overlap; a record pushed again unchanged is reported unchanged).
 */
export const journeysDemoSeeder: DemoSeeder = {
  name: 'journeys',
  async seed({ push, now, origin, since, logger }) {
    const after = since ? since.getTime() - HOUR : -Infinity;
    for (const profile of DEMO_JOURNEYS) {
      const data = generateJourneyData(profile, now, origin);
      const events = data.events.filter(e => Date.parse(e.at) > after);
      const feedback = data.feedback.filter(f => Date.parse(f.at) > after);
      // A ticket changes when it is resolved: push the recent ones again.
      const tickets = data.tickets.filter(
        t => Date.parse(t.resolvedAt ?? t.openedAt) > after,
      );
      if (events.length === 0 && feedback.length === 0) {
        continue;
      }
      const none: JourneyPushResponse = {
        inserted: 0,
        updated: 0,
        unchanged: 0,
      };
      const pushed = events.length
        ? ((await push('/v1/journey-events', {
            events,
          })) as JourneyPushResponse)
        : none;
      const answered = feedback.length
        ? ((await push('/v1/journey-feedback', {
            feedback,
          })) as JourneyPushResponse)
        : none;
      // Tickets naming a step, raised by the person (support events with a
      // requester): they count against the step's self-service rate.
      for (let i = 0; i < tickets.length; i += 1000) {
        await push('/v1/support-events', {
          events: tickets.slice(i, i + 1000),
        });
      }
      const message = `${profile.ref}: ${events.length} events (${pushed.inserted} new), ${feedback.length} answers (${answered.inserted} new), ${tickets.length} onboarding tickets`;
      if (since) {
        logger.debug(message);
      } else {
        logger.info(message);
      }
    }
  },
};
