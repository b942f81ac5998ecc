import { computeJourneyFigures } from '@customer-impact/plugin-customer-impact-common';
import fs from 'fs';
import path from 'path';
import YAML from 'yaml';
import { DEMO_JOURNEYS, generateJourneyData } from './journeys';

const now = new Date('2026-11-21T06:00:00Z');

describe('the journeys demo seeder', () => {
  const golden = DEMO_JOURNEYS.find(
    j => j.ref === 'journey:default/first-service',
  )!;

  it('generates at least 60 people for the new-hire golden path, with stuck answers', () => {
    const { events, feedback } = generateJourneyData(golden, now);
    const people = new Set(events.map(e => e.subject));
    // 64 recent starters and 3 early ones.
    expect(people.size).toBe(67);
    expect(
      feedback.some(f => f.kind === 'stuck' && f.stepId === 'first-deploy'),
    ).toBe(true);
    // Nothing happens after "now".
    expect(events.every(e => e.at <= now.toISOString())).toBe(true);
    expect(feedback.every(f => f.at <= now.toISOString())).toBe(true);
  });

  it('is deterministic with unique ids, so a rerun updates the same records instead of adding people', () => {
    for (const journey of DEMO_JOURNEYS) {
      const a = generateJourneyData(journey, now);
      const b = generateJourneyData(journey, now);
      expect(b).toEqual(a);
      expect(new Set(a.events.map(e => e.eventId)).size).toBe(a.events.length);
      expect(new Set(a.feedback.map(f => f.feedbackId)).size).toBe(
        a.feedback.length,
      );
    }
  });

  it('keeps a young golden path under k = 5 people, so its figures are withheld', () => {
    const young = DEMO_JOURNEYS.find(
      j => j.ref === 'journey:default/add-search',
    )!;
    const { events } = generateJourneyData(young, now);
    expect(new Set(events.map(e => e.subject)).size).toBe(4);
  });
});

describe('the journeys demo while the demo runs', () => {
  const later = new Date(now.getTime() + 24 * 3600_000);

  it('keeps what happened by the start and adds the steps taken since, nothing after now', () => {
    for (const journey of DEMO_JOURNEYS) {
      const a = generateJourneyData(journey, now);
      const b = generateJourneyData(journey, later, now);
      const events = new Map(b.events.map(e => [e.eventId, e]));
      const feedback = new Map(b.feedback.map(f => [f.feedbackId, f]));
      for (const e of a.events) expect(events.get(e.eventId)).toEqual(e);
      for (const f of a.feedback) expect(feedback.get(f.feedbackId)).toEqual(f);
      expect(b.events.every(e => e.at <= later.toISOString())).toBe(true);
      expect(b.feedback.every(f => f.at <= later.toISOString())).toBe(true);
      expect(new Set(b.events.map(e => e.eventId)).size).toBe(b.events.length);
    }
  });

  it('brings new people to the new-hire golden path: a few events an hour', () => {
    const golden = DEMO_JOURNEYS.find(
      j => j.ref === 'journey:default/first-service',
    )!;
    const a = generateJourneyData(golden, now);
    const b = generateJourneyData(golden, later, now);
    const people = new Set(b.events.map(e => e.subject));
    expect(people.size).toBeGreaterThanOrEqual(67 + 5);
    expect(people.size).toBeLessThanOrEqual(67 + 8);
    const perHour = (b.events.length - a.events.length) / 24;
    expect(perHour).toBeGreaterThanOrEqual(1);
    expect(perHour).toBeLessThanOrEqual(10);
  });

  it('keeps the young golden path under k = 5 people while the demo runs', () => {
    const young = DEMO_JOURNEYS.find(
      j => j.ref === 'journey:default/add-search',
    )!;
    const { events } = generateJourneyData(
      young,
      new Date(now.getTime() + 7 * 86_400_000),
      now,
    );
    expect(new Set(events.map(e => e.subject)).size).toBe(4);
  });

  it("has some stuck new hires open a ticket naming the step, on the step's entity, before they finish", () => {
    const at = new Date('2026-11-21T12:00:00Z');
    const firstService = DEMO_JOURNEYS.find(
      p => p.ref === 'journey:default/first-service',
    )!;
    const { events, feedback, tickets } = generateJourneyData(firstService, at);
    expect(tickets.length).toBeGreaterThan(5);
    expect(new Set(tickets.map(t => t.externalId)).size).toBe(tickets.length);
    const stepEntities: Record<string, string> = {
      'first-deploy': 'component:default/legacy-build-runner',
      'call-payments': 'api:default/payments-v2',
    };
    for (const t of tickets) {
      expect(t.journeyRef).toBe('journey:default/first-service');
      expect(t.entityRef).toBe(stepEntities[t.journeyStepId]);
      expect(t.openedAt <= at.toISOString()).toBe(true);
    }
    // The requester walked the step; the ticket precedes their completion
    // and is resolved when they complete.
    const finished = tickets.flatMap(t => {
      const done = events.find(
        e =>
          e.subject === t.requester &&
          e.stepId === t.journeyStepId &&
          e.type === 'completed',
      );
      return done ? [t.openedAt < done.at && t.resolvedAt === done.at] : [];
    });
    expect(finished.length).toBeGreaterThan(0);
    expect(finished.every(Boolean)).toBe(true);
    // Only people who were stuck there open one (those who answered said so).
    const said = new Map(
      feedback.map(f => [`${f.subject}|${f.stepId}`, f.kind] as const),
    );
    for (const t of tickets) {
      expect(said.get(`${t.requester}|${t.journeyStepId}`) ?? 'stuck').toBe(
        'stuck',
      );
    }
  });
});

describe('the figures of the demo journeys', () => {
  const journeysFile = YAML.parseAllDocuments(
    fs.readFileSync(
      path.resolve(__dirname, '../../../../examples/journeys.yaml'),
      'utf8',
    ),
  ).map(d => d.toJSON());

  function figuresAt(ref: string, at: Date) {
    const profile = DEMO_JOURNEYS.find(j => j.ref === ref)!;
    const entity = journeysFile.find(
      e => `journey:default/${e.metadata.name}` === ref,
    );
    const { events, feedback } = generateJourneyData(profile, at);
    return computeJourneyFigures({
      journey: entity,
      events: events.map(e => ({ ...e, subjectHash: e.subject })),
      feedback: feedback.map(f => ({ ...f, subjectHash: f.subject })),
      k: 5,
    });
  }

  it('show where people get stuck on the golden path, whenever the demo runs (the browser tests read them)', () => {
    for (const days of [0, 1, 3, 7, 30]) {
      const at = new Date(now.getTime() + days * 24 * 3600_000);
      const figures = figuresAt('journey:default/first-service', at);
      const deploy = figures.steps.find(s => s.stepId === 'first-deploy')!;
      expect({ days, status: deploy.stuckReports.status }).toEqual({
        days,
        status: 'ok',
      });
      expect({ days, status: deploy.peopleStuck.status }).toEqual({
        days,
        status: 'ok',
      });
      expect({ days, status: deploy.timeVsExpected.status }).toEqual({
        days,
        status: 'ok',
      });
    }
  });
});
