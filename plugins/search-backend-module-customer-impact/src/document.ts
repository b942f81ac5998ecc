import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { IndexableDocument } from '@backstage/plugin-search-common';
import type { CustomerImpactCollatorOptions } from './config';
import {
  EntityCustomerImpactSummary,
  JourneyFrictionReason,
  JourneyStepFigures,
  journeyFrictionOf,
} from '@customer-impact/plugin-customer-impact-common';

/**
 * The search document type of the Customer Impact collator.
 *
 * @public
 */
export const CUSTOMER_IMPACT_DOCUMENT_TYPE = 'customer-impact';

/**
 * The facts a document can be found by; each is also a word in its `text`.
 *
 * @public
 */
export type CustomerImpactSignal =
  | 'deprecated'
  | 'sunset-soon'
  | 'sunset-passed'
  | 'depends-on-deprecated'
  | 'slo-page'
  | 'slo-ticket'
  | 'burning-dependency'
  | 'pages-over-limit'
  | 'high-friction'
  | 'high-pain';

/**
 * One search document: the customer impact of one catalog entity, as the
 * Customer Impact API summarised it when the collator ran.
 *
 * @public
 */
export interface CustomerImpactDocument extends IndexableDocument {
  /** `kind:namespace/name`. */
  entityRef: string;
  /** Lower case, e.g. `api`. */
  kind: string;
  /** The entity's namespace. */
  namespace: string;
  /** The entity's name. */
  name: string;
  /** The owner's ref (`ownedBy`), or an empty string. */
  owner: string;
  /** The facts to filter on, e.g. `['deprecated', 'sunset-soon']`. */
  signals: CustomerImpactSignal[];
  /** The pain index over its window; null when nothing was measured. */
  painIndex: number | null;
  /** Whether the entity itself is deprecated. */
  deprecated: boolean;
  /** `YYYY-MM-DD`, or null. */
  sunset: string | null;
  /** Whole days from the summary's day to the sunset; negative once passed. */
  daysToSunset: number | null;
  /** Dependents still on the (deprecated) entity; null when not deprecated. */
  dependents: number | null;
  /** The worst state of the entity's own SLOs. */
  sloState: 'page' | 'ticket' | 'ok' | 'no-data' | 'not-configured';
  /** The entity's own SLOs in page or ticket, by name. */
  burningSlos: string[];
  /** Entities it depends on whose SLOs are in page or ticket. */
  burningDependencies: string[];
  /** The highest friction of the journey steps at the entity. */
  friction: 'high' | 'some' | 'low' | 'unknown' | 'not-configured';
  /** The steps of high friction, e.g. `First deploy (Ship your first service)`. */
  frictionSteps: string[];
  /** When the summary was computed (ISO 8601, UTC). */
  generatedAt: string;
}

/**
 * What a document is built with: the thresholds of its signals and where it
 * links to (see {@link CustomerImpactCollatorOptions}).
 *
 * @public
 */
export type DocumentThresholds = Pick<
  CustomerImpactCollatorOptions,
  'sunsetSoonDays' | 'highPainIndex' | 'locationTemplate'
>;

const FRICTION_ORDER = ['high', 'some', 'low', 'unknown'] as const;

/**
 * A share as a percentage with the digits it needs: 99.23 %, and 99.996 %
 * rather than a 100 % that was not measured.
 */
function percent(value: number): string {
  let digits = 2;
  while (
    digits < 6 &&
    value !== 1 &&
    Number((value * 100).toFixed(digits)) === 100
  ) {
    digits += 1;
  }
  return `${Number((value * 100).toFixed(digits))} %`;
}

function round(value: number): string {
  return String(Number(value.toFixed(2)));
}

function describeReason(reason: JourneyFrictionReason): string {
  switch (reason.signal) {
    case 'timeVsExpected':
      return `${round(reason.value)}× the expected time`;
    case 'dropOff':
      return `${percent(reason.value)} drop off`;
    case 'meanEffort':
      return `effort ${round(reason.value)} of 7`;
    default:
      return `${percent(reason.value)} of those who answered were stuck`;
  }
}

function locationOf(template: string, entity: Entity): string {
  return template
    .replace(
      ':namespace',
      encodeURIComponent(entity.metadata.namespace ?? 'default'),
    )
    .replace(':kind', encodeURIComponent(entity.kind))
    .replace(':name', encodeURIComponent(entity.metadata.name))
    .toLocaleLowerCase('en-US');
}

/** Text that ends as a sentence. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function shortRef(ref: string): string {
  return ref.replace(/^[^:]+:(default\/)?/, '');
}

/** The journey steps at the entity with their journey's title. */
function stepsOf(
  summary: EntityCustomerImpactSummary,
): Array<{ journey: string; persona: string; step: JourneyStepFigures }> {
  const journeys = summary.journeys;
  if (journeys.status !== 'ok') {
    return [];
  }
  if (journeys.view === 'journey') {
    return journeys.figures.steps.map(step => ({
      journey: journeys.figures.journeyRef,
      persona: '',
      step,
    }));
  }
  return journeys.journeys.flatMap(j =>
    j.steps.map(step => ({ journey: j.title, persona: j.persona, step })),
  );
}

/**
 * The search document of an entity from its customer-impact summary, or
 * null when the summary has nothing to find it by (no facet set up, nothing
 * measured). Pure: the same entity and summary give the same document.
 *
 * @public
 */
export function customerImpactDocument(
  entity: Entity,
  summary: EntityCustomerImpactSummary,
  thresholds: DocumentThresholds,
): CustomerImpactDocument | null {
  const entityRef = stringifyEntityRef(entity);
  const signals: CustomerImpactSignal[] = [];
  const text: string[] = [];
  const { deprecation, slos, supportLoad } = summary;

  // Deprecation: its own, and what it depends on.
  const deprecated = deprecation.status !== 'error' && deprecation.deprecated;
  let dependents: number | null = null;
  if (deprecation.status !== 'error') {
    if (deprecation.deprecated) {
      signals.push('deprecated');
      dependents = deprecation.dependents.length;
      const days = deprecation.daysToSunset;
      let when = '';
      if (deprecation.sunset !== null && days !== null) {
        if (days < 0) {
          signals.push('sunset-passed');
          when = ` Sunset passed on ${deprecation.sunset} (${-days} days ago).`;
        } else {
          if (days <= thresholds.sunsetSoonDays) {
            signals.push('sunset-soon');
          }
          when =
            days <= thresholds.sunsetSoonDays
              ? ` Sunset soon: ${deprecation.sunset} (in ${days} days).`
              : ` Sunset on ${deprecation.sunset} (in ${days} days).`;
        }
      }
      const owners = [
        ...new Set(
          deprecation.dependents
            .map(d => d.ownerRef)
            .filter((o): o is string => o !== null)
            .map(shortRef),
        ),
      ].sort();
      text.push(
        `Deprecated.${when}${
          deprecation.replacedBy
            ? ` Replaced by ${deprecation.replacedBy}.`
            : ''
        } ${dependents} ${
          dependents === 1 ? 'dependent' : 'dependents'
        } still on it${
          owners.length > 0 ? `, owned by ${owners.join(', ')}` : ''
        }.${deprecation.reason ? ` ${sentence(deprecation.reason)}` : ''}`,
      );
    }
    if (deprecation.exposure.length > 0) {
      signals.push('depends-on-deprecated');
      text.push(
        `Depends on deprecated ${deprecation.exposure
          .map(
            e =>
              `${e.entityRef}${e.sunset ? ` (sunset ${e.sunset})` : ''}${
                e.replacedBy ? `, replaced by ${e.replacedBy}` : ''
              }`,
          )
          .join('; ')}.`,
      );
    }
  }

  // SLOs: its own state, and its burning dependencies.
  let sloState: CustomerImpactDocument['sloState'] = 'not-configured';
  const burningSlos: string[] = [];
  const burningDependencies: string[] = [];
  if (slos.status !== 'error' && slos.status !== 'not-configured') {
    const own = 'slos' in slos ? slos.slos : [];
    const states = own.map(s => s.state as string);
    if (states.includes('page')) {
      sloState = 'page';
    } else if (states.includes('ticket')) {
      sloState = 'ticket';
    } else if (states.includes('ok')) {
      sloState = 'ok';
    } else {
      sloState = 'no-data';
    }
    for (const s of own) {
      if (s.state === 'page' || s.state === 'ticket') {
        const name = s.displayName ?? s.name;
        burningSlos.push(name);
        text.push(
          `SLO in ${s.state}: ${name}${
            s.sli === null
              ? ''
              : ` (SLI ${percent(s.sli)} against a target of ${percent(
                  s.target,
                )})`
          }.`,
        );
      }
    }
    if (sloState === 'page') {
      signals.push('slo-page');
    } else if (sloState === 'ticket') {
      signals.push('slo-ticket');
    }
  }
  if (slos.status !== 'error' && 'burningDependencies' in slos) {
    for (const b of slos.burningDependencies) {
      if (!burningDependencies.includes(b.entityRef)) {
        burningDependencies.push(b.entityRef);
      }
    }
    if (burningDependencies.length > 0) {
      signals.push('burning-dependency');
      text.push(
        `A dependency is burning its error budget: ${slos.burningDependencies
          .map(b => `${b.title ?? b.entityRef} (${b.sloName}, ${b.state})`)
          .join('; ')}.`,
      );
    }
  }

  // Support load this week.
  if (supportLoad.status === 'ok') {
    const week = supportLoad.thisWeek;
    if (week.pages.exceedsLimit) {
      signals.push('pages-over-limit');
    }
    text.push(
      `Support load this week: ${week.counts.ticket} tickets, ${
        week.counts.page
      } pages, ${week.counts.escalation} escalations, ${
        week.counts['manual-exception']
      } manual exceptions${
        week.pages.exceedsLimit
          ? `; pages over the on-call limit of ${week.pages.limit} per shift`
          : ''
      }.`,
    );
  }

  // Friction at the journey steps through the entity.
  const steps = stepsOf(summary);
  let friction: CustomerImpactDocument['friction'] = 'not-configured';
  const frictionSteps: string[] = [];
  if (steps.length > 0) {
    const levels = steps.map(s => journeyFrictionOf(s.step));
    friction = FRICTION_ORDER.find(level =>
      levels.some(f => f.level === level),
    )!;
    steps.forEach((s, i) => {
      if (levels[i].level === 'high') {
        frictionSteps.push(`${s.step.title} (${s.journey})`);
        text.push(
          `High friction${
            s.persona === 'new-hire' ? ' for new hires' : ''
          } at '${s.step.title}' (${s.journey}): ${levels[i].reasons
            .map(describeReason)
            .join(', ')}.`,
        );
      }
    });
    if (friction === 'high') {
      signals.push('high-friction');
    }
  }

  // The pain index and its largest terms.
  const pain = summary.painIndex;
  if (pain.value !== null) {
    if (pain.value >= thresholds.highPainIndex) {
      signals.push('high-pain');
    }
    const top = pain.terms
      .filter(t => t.points > 0)
      .slice(0, 3)
      .map(t => `${t.label} ${round(t.points)} points`);
    text.push(
      `Pain index ${round(pain.value)}${
        pain.value >= thresholds.highPainIndex ? ' (high pain)' : ''
      }${top.length > 0 ? `: ${top.join(', ')}` : ''}.`,
    );
  }

  const nothing =
    text.length === 0 &&
    sloState === 'not-configured' &&
    friction === 'not-configured';
  if (nothing) {
    return null;
  }
  if (sloState === 'ok') {
    text.push('SLOs ok.');
  }

  const title = entity.metadata.title ?? entity.metadata.name;
  return {
    title: `${title}: customer impact`,
    text: text.join(' '),
    location: locationOf(thresholds.locationTemplate, entity),
    authorization: { resourceRef: entityRef },
    entityRef,
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
    owner:
      entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef ??
      '',
    signals,
    painIndex: pain.value,
    deprecated,
    sunset: deprecation.status === 'error' ? null : deprecation.sunset,
    daysToSunset:
      deprecation.status === 'error' ? null : deprecation.daysToSunset,
    dependents,
    sloState,
    burningSlos,
    burningDependencies,
    friction,
    frictionSteps,
    generatedAt: summary.generatedAt,
  };
}
