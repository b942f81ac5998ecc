import { parseOrThrowInputError } from '../validation';
import {
  JOURNEY_PUSH_BATCH_LIMIT,
  journeyEventsRequestSchema,
  journeyFeedbackRequestSchema,
  journeyStepFeedbackSchema,
} from './schema';

function event(overrides: Record<string, unknown> = {}) {
  return {
    eventId: 'e-1',
    journeyRef: 'journey:default/first-deploy',
    stepId: 'deploy',
    subject: 'person-1',
    type: 'started',
    at: '2026-11-01T09:00:00Z',
    ...overrides,
  };
}

describe('the journey push schemas', () => {
  it('normalise the journey ref to lower case and the time to UTC', () => {
    expect(
      parseOrThrowInputError(journeyEventsRequestSchema, {
        events: [
          event({
            journeyRef: 'First-Deploy',
            at: '2026-11-01T10:00:00+01:00',
          }),
          event({
            eventId: 'e-2',
            journeyRef: 'Journey:Onboarding/First-Deploy',
          }),
        ],
      }).events.map(e => [e.journeyRef, e.at]),
    ).toEqual([
      ['journey:default/first-deploy', '2026-11-01T09:00:00.000Z'],
      ['journey:onboarding/first-deploy', '2026-11-01T09:00:00.000Z'],
    ]);
  });

  it('name the item index and field of every problem', () => {
    expect(() =>
      parseOrThrowInputError(journeyEventsRequestSchema, {
        events: [
          event(),
          event({ at: 'yesterday' }),
          event({ eventId: 'e-3', journeyRef: 'component:default/payments' }),
          event(),
        ],
      }),
    ).toThrow(
      'events[1].at: must be an ISO 8601 timestamp with a zone or offset (2026-11-01T09:00:00Z), got "yesterday"; ' +
        'events[2].journeyRef: must be a Journey entity ref such as journey:default/first-deploy, got "component:default/payments"; ' +
        'events[1].eventId: repeats events[0].eventId "e-1"; an id is sent once per batch; ' +
        'events[3].eventId: repeats events[0].eventId "e-1"; an id is sent once per batch',
    );
  });

  it('refuse a time without a zone, which would mean a different instant on every server', () => {
    expect(() =>
      parseOrThrowInputError(journeyEventsRequestSchema, {
        events: [event({ at: '2026-11-01' })],
      }),
    ).toThrow(
      'events[0].at: must be an ISO 8601 timestamp with a zone or offset',
    );
    expect(() =>
      parseOrThrowInputError(journeyEventsRequestSchema, {
        events: [event({ at: '2026-11-01T09:00:00' })],
      }),
    ).toThrow(
      'events[0].at: must be an ISO 8601 timestamp with a zone or offset',
    );
  });

  it('hold 1 to 5000 items', () => {
    expect(() =>
      parseOrThrowInputError(journeyFeedbackRequestSchema, { feedback: [] }),
    ).toThrow('feedback: must hold at least 1 item');
    expect(() =>
      parseOrThrowInputError(journeyEventsRequestSchema, {
        events: Array.from({ length: JOURNEY_PUSH_BATCH_LIMIT + 1 }, (_, i) =>
          event({ eventId: `e-${i}` }),
        ),
      }),
    ).toThrow('events: must hold at most 5000 items');
  });

  it('check feedback ids once per batch and efforts from 1 to 7', () => {
    const answer = {
      feedbackId: 'f-1',
      journeyRef: 'journey:default/first-deploy',
      stepId: 'deploy',
      subject: 'person-1',
      kind: 'stuck',
      effort: 6,
      at: '2026-11-01T09:00:00Z',
    };
    expect(() =>
      parseOrThrowInputError(journeyFeedbackRequestSchema, {
        feedback: [answer, { ...answer, effort: 2.5 }],
      }),
    ).toThrow(
      'feedback[1].effort: must be a whole number from 1 (very easy) to 7 (very hard); ' +
        'feedback[1].feedbackId: repeats feedback[0].feedbackId "f-1"; an id is sent once per batch',
    );
  });

  it('leave a blank comment of a step answer out', () => {
    expect(
      parseOrThrowInputError(journeyStepFeedbackSchema, {
        kind: 'done',
        comment: '   ',
        effort: 2,
      }),
    ).toEqual({ kind: 'done', effort: 2 });
    expect(() =>
      parseOrThrowInputError(journeyStepFeedbackSchema, {
        kind: 'done',
        effort: 8,
      }),
    ).toThrow('effort: must be at most 7');
  });
});
