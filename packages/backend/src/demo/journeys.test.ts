import { DEMO_JOURNEYS, generateJourneyData } from './journeys';

const now = new Date('2026-11-21T06:00:00Z');

describe('the journeys demo seeder', () => {
  const golden = DEMO_JOURNEYS.find(j => j.ref === 'journey:default/first-service')!;

  it('generates at least 60 people for the new-hire golden path, with stuck answers', () => {
    const { events, feedback } = generateJourneyData(golden, now);
    const people = new Set(events.map(e => e.subject));
    // 64 recent starters and 3 early ones.
    expect(people.size).toBe(67);
    expect(feedback.some(f => f.kind === 'stuck' && f.stepId === 'first-deploy')).toBe(true);
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
      expect(new Set(a.feedback.map(f => f.feedbackId)).size).toBe(a.feedback.length);
    }
  });

  it('keeps a young golden path under k = 5 people, so its figures are withheld', () => {
    const young = DEMO_JOURNEYS.find(j => j.ref === 'journey:default/add-search')!;
    const { events } = generateJourneyData(young, now);
    expect(new Set(events.map(e => e.subject)).size).toBe(4);
  });
});
