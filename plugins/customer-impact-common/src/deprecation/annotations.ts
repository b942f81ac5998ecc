import {
  Entity,
  RELATION_API_CONSUMED_BY,
  RELATION_CONSUMES_API,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { DateTime } from 'luxon';
import {
  ANNOTATION_DEPRECATION_REASON,
  ANNOTATION_MIGRATION_GUIDE,
  ANNOTATION_REPLACED_BY,
  ANNOTATION_SUNSET,
  LIFECYCLE_DEPRECATED,
} from '../annotations';
import { AnnotationProblem, DeprecationAnnotations } from './types';

const validator = makeValidator();
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses an ISO 8601 calendar date (`YYYY-MM-DD`). Returns null when the text
 * is not such a date or names a day that does not exist (`2027-02-30`).
 *
 * @public
 */
export function parseIsoDate(text: string): DateTime | null {
  if (!ISO_DATE.test(text)) {
    return null;
  }
  const date = DateTime.fromISO(text, { zone: 'utc' });
  return date.isValid ? date : null;
}

/**
 * Whole days from `now`'s UTC day to the sunset day: 0 on the sunset day itself,
 * negative after it. Null when there is no (valid) sunset date.
 *
 * @public
 */
export function daysToSunset(
  sunset: string | null | undefined,
  now: Date | DateTime,
): number | null {
  const date = sunset ? parseIsoDate(sunset) : null;
  if (!date) {
    return null;
  }
  const today = (now instanceof Date ? DateTime.fromJSDate(now) : now)
    .toUTC()
    .startOf('day');
  return Math.round(date.diff(today, 'days').days);
}

function readReplacedBy(
  entity: Entity,
  raw: string,
  problems: AnnotationProblem[],
): string | null {
  const problem = (message: string) => {
    problems.push({ annotation: ANNOTATION_REPLACED_BY, message });
    return null;
  };
  let ref;
  try {
    ref = parseEntityRef(raw.trim(), {
      defaultKind: entity.kind,
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
  } catch (e) {
    return problem(
      `${ANNOTATION_REPLACED_BY} must be an entity ref such as "api:default/payments-v2", got "${raw}"`,
    );
  }
  if (
    !validator.isValidKind(ref.kind) ||
    !validator.isValidNamespace(ref.namespace) ||
    !validator.isValidEntityName(ref.name)
  ) {
    return problem(
      `${ANNOTATION_REPLACED_BY} must be an entity ref such as "api:default/payments-v2", got "${raw}"`,
    );
  }
  const normalised = stringifyEntityRef(ref);
  if (normalised === stringifyEntityRef(entity)) {
    return problem(
      `${ANNOTATION_REPLACED_BY} names the entity itself ("${raw}"); name the entity that replaces it`,
    );
  }
  return normalised;
}

function readMigrationGuide(
  raw: string,
  problems: AnnotationProblem[],
): string | null {
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    problems.push({
      annotation: ANNOTATION_MIGRATION_GUIDE,
      message: `${ANNOTATION_MIGRATION_GUIDE} must be an absolute http(s) URL, got "${raw}"`,
    });
    return null;
  }
  return url.toString();
}

/**
 * Reads an entity's deprecation annotations. Never throws: every invalid value
 * is returned as a problem naming its annotation, and its field is null.
 *
 * @public
 */
export function readDeprecationAnnotations(
  entity: Entity,
): DeprecationAnnotations {
  const annotations = entity.metadata.annotations ?? {};
  const problems: AnnotationProblem[] = [];

  const rawSunset = annotations[ANNOTATION_SUNSET];
  let sunset: string | null = null;
  if (rawSunset !== undefined) {
    if (parseIsoDate(rawSunset.trim())) {
      sunset = rawSunset.trim();
    } else {
      problems.push({
        annotation: ANNOTATION_SUNSET,
        message: `${ANNOTATION_SUNSET} must be an ISO 8601 date (YYYY-MM-DD), got "${rawSunset}"`,
      });
    }
  }

  const rawReplacedBy = annotations[ANNOTATION_REPLACED_BY];
  const replacedBy =
    rawReplacedBy === undefined
      ? null
      : readReplacedBy(entity, rawReplacedBy, problems);

  const rawGuide = annotations[ANNOTATION_MIGRATION_GUIDE];
  const migrationGuide =
    rawGuide === undefined ? null : readMigrationGuide(rawGuide, problems);

  const rawReason = annotations[ANNOTATION_DEPRECATION_REASON];
  let reason: string | null = null;
  if (rawReason !== undefined) {
    if (rawReason.trim() === '') {
      problems.push({
        annotation: ANNOTATION_DEPRECATION_REASON,
        message: `${ANNOTATION_DEPRECATION_REASON} must not be empty; remove it or say why the entity is deprecated`,
      });
    } else {
      reason = rawReason.trim();
    }
  }

  const lifecycle = (entity.spec as { lifecycle?: unknown } | undefined)
    ?.lifecycle;
  const deprecated =
    (typeof lifecycle === 'string' &&
      lifecycle.trim().toLocaleLowerCase('en-US') === LIFECYCLE_DEPRECATED) ||
    rawSunset !== undefined;

  return { deprecated, replacedBy, sunset, migrationGuide, reason, problems };
}

function relationTargets(entity: Entity, types: string[]): string[] {
  const refs = new Set<string>();
  for (const relation of entity.relations ?? []) {
    if (types.includes(relation.type)) {
      refs.add(relation.targetRef);
    }
  }
  return [...refs].sort();
}

/**
 * Refs of the entities that depend on (`dependencyOf`) or consume
 * (`apiConsumedBy`) the given entity, sorted and without duplicates.
 *
 * @public
 */
export function dependentRefsOf(entity: Entity): string[] {
  return relationTargets(entity, [
    RELATION_DEPENDENCY_OF,
    RELATION_API_CONSUMED_BY,
  ]);
}

/**
 * Refs of the entities the given entity depends on (`dependsOn`) or consumes
 * (`consumesApi`), sorted and without duplicates.
 *
 * @public
 */
export function dependencyRefsOf(entity: Entity): string[] {
  return relationTargets(entity, [RELATION_DEPENDS_ON, RELATION_CONSUMES_API]);
}
