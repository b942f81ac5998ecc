import {
  Entity,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  EntityCustomerImpactSummary,
  JOURNEY_STEP_DEFAULT_ENTITY_KIND,
  JourneyAtEntity,
  JourneyEntityV1alpha1,
  JourneyFiguresReport,
  JourneyStepFigures,
  JourneyStepInContext,
  journeySteps,
} from '@customer-impact/plugin-customer-impact-common';
import {
  ActionGoldenPath,
  ActionJourneyStep,
  EntityImpactOutput,
} from './types';

/** The entity's owner from its `ownedBy` relation, or null. */
export function ownerRefOf(entity: Entity): string | null {
  return (
    entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef ?? null
  );
}

/** The envelope fields of a facet, without the facet's own figures. */
function envelopeOf(facet: {
  status: EntityImpactOutput['slos']['status'];
  reason?: string;
  lastUpdatedAt: string | null;
}) {
  return {
    status: facet.status,
    ...(facet.reason !== undefined ? { reason: facet.reason } : {}),
    lastUpdatedAt: facet.lastUpdatedAt,
  };
}

/** Full refs (`kind:namespace/name`) of a spec step's entity and template. */
function specRefs(
  journey: JourneyEntityV1alpha1,
  specs: JourneyStepInContext[],
  stepId: string,
): { entityRef?: string; templateRef?: string } {
  const step = specs.find(x => x.id === stepId);
  const namespace = journey.metadata.namespace ?? 'default';
  const full = (ref: string | undefined, defaultKind: string) => {
    if (!ref) {
      return undefined;
    }
    try {
      return stringifyEntityRef(
        parseEntityRef(ref, { defaultKind, defaultNamespace: namespace }),
      );
    } catch {
      return ref;
    }
  };
  return {
    entityRef: full(step?.entityRef, JOURNEY_STEP_DEFAULT_ENTITY_KIND),
    templateRef: full(step?.templateRef, 'template'),
  };
}

/** A step's figures for an action, with where the step goes through. */
export function actionStep(
  figures: JourneyStepFigures,
  spec: Pick<JourneyStepInContext, 'entityRef' | 'templateRef'> | undefined,
): ActionJourneyStep {
  return {
    stepId: figures.stepId,
    title: figures.title,
    stage: figures.stage,
    entityRef: spec?.entityRef ?? null,
    templateRef: spec?.templateRef ?? null,
    expectedSeconds: figures.expectedSeconds,
    peopleStarted: figures.peopleStarted,
    medianSeconds: figures.medianSeconds,
    p90Seconds: figures.p90Seconds,
    completionRate: figures.completionRate,
    timeVsExpected: figures.timeVsExpected,
    peopleStuck: figures.peopleStuck,
    meanEffort: figures.meanEffort,
    selfServiceRate: figures.selfServiceRate,
    docs: figures.docs,
    concepts: figures.concepts,
    docsUpToHere: figures.docsUpToHere,
    conceptsUpToHere: figures.conceptsUpToHere,
  };
}

function journeysOf(
  entity: Entity,
  entityRef: string,
  facet: EntityCustomerImpactSummary['journeys'],
): EntityImpactOutput['journeys']['journeys'] {
  if (facet.status !== 'ok') {
    return [];
  }
  if (facet.view === 'journey') {
    const journey = entity as JourneyEntityV1alpha1;
    const specs = journeySteps(journey);
    return [
      {
        journeyRef: facet.figures.journeyRef,
        title: journey.metadata.title ?? journey.metadata.name,
        persona: journey.spec.persona,
        goldenPath: journey.spec.goldenPath === true,
        k: facet.figures.k,
        timeToFirstSuccessSeconds: facet.figures.journey.medianSeconds,
        selfServiceRate: facet.figures.journey.selfServiceRate,
        steps: facet.figures.steps.map(s =>
          actionStep(s, specRefs(journey, specs, s.stepId)),
        ),
      },
    ];
  }
  return facet.journeys.map((j: JourneyAtEntity) => ({
    journeyRef: j.journeyRef,
    title: j.title,
    persona: j.persona,
    goldenPath: j.goldenPath,
    k: j.k,
    timeToFirstSuccessSeconds: j.journey.medianSeconds,
    selfServiceRate: j.journey.selfServiceRate,
    // The steps listed are those at this entity; their templates are on
    // the journey map.
    steps: j.steps.map(s =>
      actionStep(s, { entityRef, templateRef: undefined }),
    ),
  }));
}

/**
 * The customer impact of an entity as the `get-entity-customer-impact`
 * action answers it: the summary's figures, without how-to snippets,
 * burndowns and per-window detail an agent does not need to answer "how
 * much does this hurt, and whom".
 */
export function entityImpactFromSummary(
  entity: Entity,
  summary: EntityCustomerImpactSummary,
): EntityImpactOutput {
  const { deprecation, slos, supportLoad, journeys } = summary;
  const entityRef = summary.entityRef;
  return {
    entityRef,
    title: entity.metadata.title ?? null,
    ownerRef: ownerRefOf(entity),
    generatedAt: summary.generatedAt,
    painIndex: summary.painIndex,
    deprecation:
      deprecation.status === 'error'
        ? {
            ...envelopeOf(deprecation),
            deprecated: null,
            replacedBy: null,
            sunset: null,
            daysToSunset: null,
            migrationGuide: null,
            deprecationReason: null,
            dependents: null,
            dependentOwners: [],
            verdict: null,
            projectedLastLeaves: null,
            exposure: [],
          }
        : {
            // Its `reason` is why the entity is deprecated, not the envelope's.
            status: deprecation.status,
            lastUpdatedAt: deprecation.lastUpdatedAt,
            deprecated: deprecation.deprecated,
            replacedBy: deprecation.replacedBy,
            sunset: deprecation.sunset,
            daysToSunset: deprecation.daysToSunset,
            migrationGuide: deprecation.migrationGuide,
            deprecationReason: deprecation.reason,
            dependents: deprecation.deprecated
              ? deprecation.dependents.length
              : null,
            dependentOwners: [
              ...new Set(
                deprecation.dependents
                  .map(d => d.ownerRef)
                  .filter((o): o is string => o !== null),
              ),
            ].sort(),
            verdict: deprecation.progress?.verdict ?? null,
            projectedLastLeaves:
              deprecation.progress?.projectedLastLeaves ?? null,
            exposure: deprecation.exposure.map(e => ({
              entityRef: e.entityRef,
              replacedBy: e.replacedBy,
              sunset: e.sunset,
              daysToSunset: e.daysToSunset,
              migrationGuide: e.migrationGuide,
            })),
          },
    slos: {
      ...envelopeOf(slos),
      slos:
        'slos' in slos
          ? slos.slos.map(s => ({
              key: s.key,
              name: s.displayName ?? s.name,
              target: s.target,
              window: s.window,
              sli: s.sli,
              budgetRemaining: s.budgetRemaining,
              state: s.state,
              lastDataAt: s.lastDataAt,
            }))
          : [],
      burningDependencies:
        'burningDependencies' in slos
          ? slos.burningDependencies.map(b => ({
              entityRef: b.entityRef,
              sloName: b.sloName,
              state: b.state,
              since: b.since,
            }))
          : [],
      internalCustomersAffected:
        'internalCustomersAffected' in slos
          ? slos.internalCustomersAffected
          : [],
    },
    supportLoad:
      supportLoad.status === 'ok'
        ? {
            ...envelopeOf(supportLoad),
            window: {
              from: supportLoad.window.from,
              to: supportLoad.window.to,
            },
            thisWeek: {
              week: supportLoad.thisWeek.week.label,
              total: supportLoad.thisWeek.total,
              counts: supportLoad.thisWeek.counts,
            },
            weeklyMedian: supportLoad.trend.median,
            pagesPerShift: supportLoad.thisWeek.pages.pagesPerShift,
            longTailShare: supportLoad.longTail.share,
            topCategories: supportLoad.longTail.topCategories,
            medianTimeToResolveSeconds: supportLoad.medianTimeToResolveSeconds,
          }
        : {
            ...envelopeOf(supportLoad),
            window:
              supportLoad.status === 'no-data'
                ? { from: supportLoad.window.from, to: supportLoad.window.to }
                : null,
            thisWeek: null,
            weeklyMedian: null,
            pagesPerShift: null,
            longTailShare: null,
            topCategories: [],
            medianTimeToResolveSeconds: null,
          },
    journeys: {
      ...envelopeOf(journeys),
      journeys: journeysOf(entity, entityRef, journeys),
    },
  };
}

/** One golden path as `list-golden-paths` answers it. */
export function goldenPathOf(
  journey: JourneyEntityV1alpha1,
  report: JourneyFiguresReport,
): ActionGoldenPath {
  const specs = journeySteps(journey);
  const whole = report.journey;
  return {
    journeyRef: report.journeyRef,
    title: journey.metadata.title ?? journey.metadata.name,
    description: journey.metadata.description ?? null,
    persona: journey.spec.persona,
    ownerRef: ownerRefOf(journey),
    k: report.k,
    window: report.window,
    lastUpdatedAt: report.lastUpdatedAt,
    journey: {
      peopleStarted: whole.peopleStarted,
      timeToFirstSuccessSeconds: whole.medianSeconds,
      p90Seconds: whole.p90Seconds,
      completionRate: whole.completionRate,
      timeVsExpected: whole.timeVsExpected,
      peopleStuck: whole.peopleStuck,
      meanEffort: whole.meanEffort,
      selfServiceRate: whole.selfServiceRate,
      docs: whole.docs,
      concepts: whole.concepts,
    },
    cohorts: whole.startCohorts.map(c => ({
      month: c.month,
      peopleStarted: c.peopleStarted,
      timeToFirstSuccessSeconds: c.medianSeconds,
      selfServiceRate: c.selfServiceRate,
    })),
    steps: report.steps.map(s =>
      actionStep(s, specRefs(journey, specs, s.stepId)),
    ),
  };
}
