import {
  FacetStatus,
  JourneyFigure,
  PainIndex,
  SupportKindCounts,
  SupportKindFigures,
} from '@customer-impact/plugin-customer-impact-common';

/**
 * The outputs of the Customer Impact actions, as TypeScript types. The zod
 * schemas in `registerActions.ts` describe the same shapes to the registry
 * (and MCP clients); the compiler checks that every action's output is
 * assignable to its schema.
 */

/** A facet's envelope without its own figures. */
export interface ActionFacetEnvelope {
  status: FacetStatus;
  reason?: string;
  lastUpdatedAt: string | null;
}

/** A journey step's friction figures, with what it goes through. */
export interface ActionJourneyStep {
  stepId: string;
  title: string;
  stage: string;
  /** `kind:namespace/name` of the entity the step goes through, or null. */
  entityRef: string | null;
  /** `template:namespace/name` the step uses, or null. */
  templateRef: string | null;
  expectedSeconds: number | null;
  peopleStarted: number;
  medianSeconds: JourneyFigure;
  p90Seconds: JourneyFigure;
  completionRate: JourneyFigure;
  timeVsExpected: JourneyFigure;
  peopleStuck: JourneyFigure;
  meanEffort: JourneyFigure;
  /** Completers who did it without "I'm stuck" or a ticket naming the step. */
  selfServiceRate: JourneyFigure;
  docs: number;
  concepts: number;
  /** Distinct docs a newcomer reads up to and including this step. */
  docsUpToHere: number;
  /** Distinct concepts a newcomer learns up to and including this step. */
  conceptsUpToHere: number;
}

/** Output of `get-entity-customer-impact`. */
export interface EntityImpactOutput {
  entityRef: string;
  title: string | null;
  ownerRef: string | null;
  generatedAt: string;
  painIndex: PainIndex;
  deprecation: ActionFacetEnvelope & {
    /** Null when the facet failed. */
    deprecated: boolean | null;
    replacedBy: string | null;
    sunset: string | null;
    daysToSunset: number | null;
    migrationGuide: string | null;
    deprecationReason: string | null;
    /** Dependents still on it; null unless deprecated. */
    dependents: number | null;
    dependentOwners: string[];
    verdict: 'on-track' | 'behind' | 'done' | 'unknown' | null;
    projectedLastLeaves: string | null;
    exposure: Array<{
      entityRef: string;
      replacedBy: string | null;
      sunset: string | null;
      daysToSunset: number | null;
      migrationGuide: string | null;
    }>;
  };
  slos: ActionFacetEnvelope & {
    slos: Array<{
      key: string;
      name: string;
      target: number;
      window: string;
      sli: number | null;
      budgetRemaining: number | null;
      state: string;
      lastDataAt: string | null;
    }>;
    burningDependencies: Array<{
      entityRef: string;
      sloName: string;
      state: 'page' | 'ticket';
      since: string;
    }>;
    internalCustomersAffected: Array<{
      ownerRef: string | null;
      consumers: string[];
    }>;
  };
  supportLoad: ActionFacetEnvelope & {
    window: { from: string; to: string } | null;
    thisWeek: { week: string; total: number; counts: SupportKindCounts } | null;
    weeklyMedian: SupportKindFigures | null;
    pagesPerShift: number | null;
    longTailShare: number | null;
    topCategories: Array<{ category: string; count: number }>;
    medianTimeToResolveSeconds: number | null;
  };
  journeys: ActionFacetEnvelope & {
    journeys: Array<{
      journeyRef: string;
      title: string;
      persona: string;
      goldenPath: boolean;
      k: number;
      timeToFirstSuccessSeconds: JourneyFigure;
      selfServiceRate: JourneyFigure;
      steps: ActionJourneyStep[];
    }>;
  };
}

/** One golden path of `list-golden-paths`. */
export interface ActionGoldenPath {
  journeyRef: string;
  title: string;
  description: string | null;
  persona: string;
  ownerRef: string | null;
  k: number;
  window: { description: string; from: string | null; to: string | null };
  lastUpdatedAt: string | null;
  journey: {
    peopleStarted: number;
    timeToFirstSuccessSeconds: JourneyFigure;
    p90Seconds: JourneyFigure;
    completionRate: JourneyFigure;
    timeVsExpected: JourneyFigure;
    peopleStuck: JourneyFigure;
    meanEffort: JourneyFigure;
    selfServiceRate: JourneyFigure;
    docs: number;
    concepts: number;
  };
  /** Per start month: time to first success and self-service (the trend). */
  cohorts: Array<{
    month: string;
    peopleStarted: number;
    timeToFirstSuccessSeconds: JourneyFigure;
    selfServiceRate: JourneyFigure;
  }>;
  steps: ActionJourneyStep[];
}

/** Output of `list-golden-paths`. */
export interface GoldenPathsOutput {
  goldenPaths: ActionGoldenPath[];
}
