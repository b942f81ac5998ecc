import { Entity } from '@backstage/catalog-model';
import {
  EntityCustomerImpactSummary,
  EntitySlo,
  JourneyFigure,
  JourneyStepFigures,
} from '@customer-impact/plugin-customer-impact-common';
import { customerImpactDocument } from './document';

const THRESHOLDS = {
  sunsetSoonDays: 90,
  highPainIndex: 10,
  locationTemplate: '/catalog/:namespace/:kind/:name',
};
const WINDOW = {
  from: '2026-10-28T12:00:00.000Z',
  to: '2026-11-25T12:00:00.000Z',
};
const HOW_TO = { text: 'set it up', snippets: [], docsUrl: 'https://x.test' };

function entity(kind: string, name: string, title?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', ...(title ? { title } : {}) },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/platform' }],
  };
}

/** A summary where no facet is set up and nothing was measured. */
function emptySummary(entityRef: string): EntityCustomerImpactSummary {
  return {
    entityRef,
    generatedAt: '2026-11-25T12:00:00.000Z',
    deprecation: {
      status: 'not-configured',
      howTo: HOW_TO,
      lastUpdatedAt: null,
      deprecated: false,
      replacedBy: null,
      sunset: null,
      daysToSunset: null,
      migrationGuide: null,
      reason: null,
      problems: [],
      dependents: [],
      exposure: [],
      burndown: [],
      progress: null,
      exemptions: [],
    },
    slos: {
      status: 'not-configured',
      howTo: HOW_TO,
      lastUpdatedAt: null,
      burningDependencies: [],
    },
    supportLoad: {
      status: 'not-configured',
      howTo: HOW_TO,
      lastUpdatedAt: null,
    },
    journeys: {
      status: 'not-configured',
      howTo: HOW_TO,
      lastUpdatedAt: null,
      journeys: [],
    },
    painIndex: {
      value: null,
      window: WINDOW,
      terms: [],
      noData: ['deprecation', 'slos', 'supportLoad', 'journeys'],
    },
  };
}

const NO_DATA: JourneyFigure = { status: 'no-data' };
const ok = (value: number, people = 8): JourneyFigure => ({
  status: 'ok',
  value,
  people,
});

function step(overrides: Partial<JourneyStepFigures>): JourneyStepFigures {
  return {
    stepId: 'first-deploy',
    title: 'First deploy',
    stage: 'Deploy',
    position: 1,
    peopleStarted: 8,
    medianSeconds: NO_DATA,
    p90Seconds: NO_DATA,
    completionRate: NO_DATA,
    dropOff: NO_DATA,
    abandoned: NO_DATA,
    stuckReports: NO_DATA,
    peopleStuck: NO_DATA,
    meanEffort: NO_DATA,
    expectedSeconds: 7200,
    timeVsExpected: NO_DATA,
    docs: 0,
    concepts: 0,
    dropOffFromPreviousStep: NO_DATA,
    selfServiceRate: NO_DATA,
    docsUpToHere: 0,
    conceptsUpToHere: 0,
    ...overrides,
  };
}

describe('customerImpactDocument', () => {
  it('has no document for an entity with nothing to find it by', () => {
    expect(
      customerImpactDocument(
        entity('Component', 'quiet'),
        emptySummary('component:default/quiet'),
        THRESHOLDS,
      ),
    ).toBeNull();
  });

  it('finds a deprecated API with a sunset soon by "deprecated", "sunset soon" and its teams', () => {
    const summary = emptySummary('api:default/payments-v1');
    summary.deprecation = {
      ...(summary.deprecation as any),
      status: 'ok',
      howTo: undefined,
      deprecated: true,
      replacedBy: 'api:default/payments-v2',
      sunset: '2027-01-24',
      // 2026-11-25 → 2027-01-24: 5 days of November + 31 + 24 = 60 days ≤ 90.
      daysToSunset: 60,
      reason: 'v2 has idempotency keys',
      dependents: [
        {
          entityRef: 'component:default/checkout',
          ownerRef: 'group:default/team-checkout',
        },
        {
          entityRef: 'component:default/billing',
          ownerRef: 'group:default/team-billing',
        },
        {
          entityRef: 'component:default/refunds',
          ownerRef: 'group:default/team-billing',
        },
      ],
    };
    // 3 dependents × weight 1 = 3 points: measured, but not high pain.
    summary.painIndex = {
      value: 3,
      window: WINDOW,
      terms: [
        {
          facet: 'deprecation',
          id: 'dependents-left',
          label: 'dependents still on this deprecated entity',
          quantity: 3,
          unit: 'count',
          weight: 1,
          points: 3,
        },
      ],
      noData: ['slos', 'supportLoad', 'journeys'],
    };
    const doc = customerImpactDocument(
      entity('API', 'payments-v1', 'Payments API v1'),
      summary,
      THRESHOLDS,
    )!;
    expect(doc).toMatchObject({
      title: 'Payments API v1: customer impact',
      location: '/catalog/default/api/payments-v1',
      authorization: { resourceRef: 'api:default/payments-v1' },
      entityRef: 'api:default/payments-v1',
      kind: 'api',
      owner: 'group:default/platform',
      signals: ['deprecated', 'sunset-soon'],
      deprecated: true,
      sunset: '2027-01-24',
      daysToSunset: 60,
      dependents: 3,
      sloState: 'not-configured',
      friction: 'not-configured',
      painIndex: 3,
    });
    expect(doc.text).toBe(
      'Deprecated. Sunset soon: 2027-01-24 (in 60 days). Replaced by api:default/payments-v2. ' +
        '3 dependents still on it, owned by team-billing, team-checkout. v2 has idempotency keys. ' +
        'Pain index 3: dependents still on this deprecated entity 3 points.',
    );
  });

  it('a sunset 91 days away is not soon; one in the past has passed', () => {
    const summary = emptySummary('api:default/old');
    summary.deprecation = {
      ...(summary.deprecation as any),
      status: 'ok',
      deprecated: true,
      sunset: '2027-02-24',
      daysToSunset: 91,
    };
    const later = customerImpactDocument(
      entity('API', 'old'),
      summary,
      THRESHOLDS,
    )!;
    expect(later.signals).toEqual(['deprecated']);
    expect(later.text).toContain('Sunset on 2027-02-24 (in 91 days).');

    summary.deprecation = {
      ...(summary.deprecation as any),
      sunset: '2026-11-20',
      daysToSunset: -5,
    };
    const passed = customerImpactDocument(
      entity('API', 'old'),
      summary,
      THRESHOLDS,
    )!;
    expect(passed.signals).toEqual(['deprecated', 'sunset-passed']);
    expect(passed.text).toContain('Sunset passed on 2026-11-20 (5 days ago).');
  });

  it('finds an entity whose SLO is in page, and the consumers of a burning dependency', () => {
    const slo = {
      key: 'payments-availability',
      name: 'payments-availability',
      displayName: 'Payments availability',
      target: 0.999,
      sli: 0.9923,
      state: 'page',
    } as EntitySlo;
    const nearlyAll = {
      ...slo,
      key: 'b',
      displayName: 'Checkout',
      sli: 0.99996,
    };
    const summary = emptySummary('component:default/payments-service');
    summary.slos = {
      status: 'ok',
      internalCustomersAffected: [],
      annotation: './slos.yaml',
      sourceLocation: null,
      sourceUrl: null,
      fetchedAt: null,
      fetchError: null,
      lastUpdatedAt: null,
      problems: [],
      slos: [
        slo,
        {
          ...slo,
          key: 'latency',
          name: 'latency',
          displayName: null,
          state: 'ok',
        } as EntitySlo,
        nearlyAll,
      ],
      burningDependencies: [],
    };
    // 1 SLO in page × 10 = 10 points: at the threshold, so high pain.
    summary.painIndex = {
      value: 10,
      window: WINDOW,
      terms: [
        {
          facet: 'slos',
          id: 'slos-in-page',
          label: 'SLOs in page',
          quantity: 1,
          unit: 'count',
          weight: 10,
          points: 10,
        },
      ],
      noData: [],
    };
    const doc = customerImpactDocument(
      entity('Component', 'payments-service'),
      summary,
      THRESHOLDS,
    )!;
    expect(doc.signals).toEqual(['slo-page', 'high-pain']);
    expect(doc.sloState).toBe('page');
    expect(doc.burningSlos).toEqual(['Payments availability', 'Checkout']);
    // 0.9923 → 99.23 %, 0.999 → 99.9 %; 0.99996 is 100.00 at 2 digits, so
    // 3: 99.996 %.
    expect(doc.text).toBe(
      'SLO in page: Payments availability (SLI 99.23 % against a target of 99.9 %). ' +
        'SLO in page: Checkout (SLI 99.996 % against a target of 99.9 %). ' +
        'Pain index 10 (high pain): SLOs in page 10 points.',
    );

    const consumer = emptySummary('component:default/checkout');
    consumer.slos = {
      status: 'not-configured',
      howTo: HOW_TO,
      lastUpdatedAt: null,
      burningDependencies: [
        {
          entityRef: 'component:default/payments-service',
          title: 'Payments service',
          slo: 'payments-availability',
          sloName: 'Payments availability',
          state: 'page',
          since: '2026-11-25T10:05:00.000Z',
          incidentStartedAt: '2026-11-25T10:05:00.000Z',
          evaluatedAt: '2026-11-25T11:55:00.000Z',
          via: [],
        },
      ],
    };
    const hurt = customerImpactDocument(
      entity('Component', 'checkout'),
      consumer,
      THRESHOLDS,
    )!;
    expect(hurt.signals).toEqual(['burning-dependency']);
    expect(hurt.sloState).toBe('not-configured');
    expect(hurt.burningDependencies).toEqual([
      'component:default/payments-service',
    ]);
    expect(hurt.text).toBe(
      'A dependency is burning its error budget: Payments service (Payments availability, page).',
    );
  });

  it('finds high friction for new hires at a step, with the figures that make it so', () => {
    const summary = emptySummary('component:default/build-runner');
    summary.journeys = {
      status: 'ok',
      view: 'passes-through',
      lastUpdatedAt: null,
      journeys: [
        {
          journeyRef: 'journey:default/first-service',
          title: 'Ship your first service',
          persona: 'new-hire',
          goldenPath: true,
          k: 5,
          journey: {} as any,
          window: { description: 'all', from: null, to: null },
          lastUpdatedAt: null,
          steps: [
            {
              // median 6.8 h against 2 h expected: 24480 / 7200 = 3.4× ≥ 2 (high);
              // 3 of 8 who answered were stuck: 0.375 ≥ 0.2 but < 0.5 (some).
              ...step({
                medianSeconds: ok(24480),
                timeVsExpected: ok(3.4),
                peopleStuck: ok(3, 8),
              }),
              expectedDuration: 'PT2H',
            },
            {
              // 1.1× and effort 3: neither reaches "some": low.
              ...step({
                stepId: 'request-db',
                title: 'Request a database',
                timeVsExpected: ok(1.1),
                meanEffort: ok(3),
              }),
              expectedDuration: 'PT1H',
            },
          ],
        },
      ],
    };
    const doc = customerImpactDocument(
      entity('Component', 'build-runner'),
      summary,
      THRESHOLDS,
    )!;
    expect(doc.signals).toEqual(['high-friction']);
    expect(doc.friction).toBe('high');
    expect(doc.frictionSteps).toEqual([
      'First deploy (Ship your first service)',
    ]);
    expect(doc.text).toBe(
      "High friction for new hires at 'First deploy' (Ship your first service): 3.4× the expected time.",
    );
  });

  it('uses the configured location template and thresholds', () => {
    const summary = emptySummary('component:default/x');
    summary.painIndex = { value: 6, window: WINDOW, terms: [], noData: [] };
    const doc = customerImpactDocument(entity('Component', 'x'), summary, {
      sunsetSoonDays: 30,
      highPainIndex: 5,
      locationTemplate: '/portal/:kind/:name',
    })!;
    expect(doc.location).toBe('/portal/component/x');
    expect(doc.signals).toEqual(['high-pain']);
    expect(doc.text).toBe('Pain index 6 (high pain).');
  });
});
