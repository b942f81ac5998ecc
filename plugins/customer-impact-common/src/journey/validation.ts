import {
  CompoundEntityRef,
  Entity,
  KindValidator,
  entityKindSchemaValidator,
} from '@backstage/catalog-model';
import { parseValidEntityRef } from '../schemas';
import { Duration } from 'luxon';
import {
  JOURNEY_API_VERSION,
  JOURNEY_KIND,
  JOURNEY_OWNER_DEFAULT_KIND,
  JOURNEY_STEP_DEFAULT_ENTITY_KIND,
  JOURNEY_STEP_TEMPLATE_KIND,
} from './constants';
import {
  JOURNEY_DOCS_URL_PATTERN,
  JOURNEY_STEP_ID_PATTERN,
  journeyEntityV1alpha1Schema,
} from './entitySchema';
import { JourneyEntityV1alpha1, JourneyProblem } from './types';

type DurationCheck =
  | { ok: true; seconds: number }
  | { ok: false; reason: string };

function checkIsoDuration(text: string): DurationCheck {
  // luxon accepts a bare "P" or "PT" (as zero); ISO 8601 needs at least one
  // number with its designator.
  if (!/^-?P(?=.*\d)/.test(text)) {
    return {
      ok: false,
      reason: 'must be an ISO 8601 duration such as "PT30M" or "P2D"',
    };
  }
  const duration = Duration.fromISO(text);
  if (!duration.isValid) {
    return {
      ok: false,
      reason: 'must be an ISO 8601 duration such as "PT30M" or "P2D"',
    };
  }
  const { years, quarters, months } = duration.toObject();
  if (years || quarters || months) {
    return {
      ok: false,
      reason:
        'must not use years or months, which have no fixed length; use weeks or days (e.g. "P4W", "P30D")',
    };
  }
  const seconds = duration.as('seconds');
  if (!(seconds > 0)) {
    return { ok: false, reason: 'must be longer than zero' };
  }
  return { ok: true, seconds };
}

/**
 * Parses an ISO 8601 duration (`PT30M`, `P2D`, `P1DT4H`, `P1W`) into seconds,
 * with luxon's `Duration.fromISO`. A day counts as 24 hours and a week as 7 days.
 *
 * @remarks
 *
 * Returns null when the text is not such a duration, when it is zero or
 * negative, or when it uses years or months: those have no fixed length in
 * seconds (a month is 28 to 31 days), so a journey step states its expected
 * duration in weeks, days, hours, minutes or seconds.
 *
 * @public
 */
export function parseIsoDurationSeconds(text: string): number | null {
  if (typeof text !== 'string') {
    return null;
  }
  const result = checkIsoDuration(text.trim());
  return result.ok ? result.seconds : null;
}

/**
 * Parses an entity ref the way the catalog does, and checks each part against
 * the catalog's field rules. Returns null when the ref is malformed.
 *
 * @internal
 */
export function parseJourneyRef(
  ref: string,
  defaultKind: string,
  defaultNamespace: string,
): CompoundEntityRef | null {
  return parseValidEntityRef(ref, { defaultKind, defaultNamespace });
}

/** `/spec/stages/1/steps/0` to `spec.stages[1].steps[0]`. */
function pointerToField(pointer: string): string {
  if (!pointer || pointer === '<root>') {
    return '<root>';
  }
  let field = '';
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part)) {
      field += `[${part}]`;
    } else if (/^[A-Za-z_$][\w$]*$/.test(part)) {
      field += field ? `.${part}` : part;
    } else {
      field += `[${JSON.stringify(part)}]`;
    }
  }
  return field;
}

function joinField(parent: string, child: string): string {
  if (parent === '<root>') {
    return child;
  }
  return /^[A-Za-z_$][\w$]*$/.test(child)
    ? `${parent}.${child}`
    : `${parent}[${JSON.stringify(child)}]`;
}

const PATTERN_DESCRIPTIONS: Record<string, string> = {
  [JOURNEY_STEP_ID_PATTERN]:
    'must be lower-kebab-case (a-z, 0-9, single hyphens between words)',
  [JOURNEY_DOCS_URL_PATTERN]: 'must be an absolute http(s) URL',
};

/**
 * Turns the message of the TypeError thrown by `entityKindSchemaValidator`
 * (`/spec/stages/0 must have required property 'name' - missingProperty: name`)
 * into a problem that names the field (`spec.stages[0].name is required`).
 */
function problemFromSchemaError(message: string): JourneyProblem {
  const match = /^(\S+) (.*?)(?: - (.*))?$/s.exec(message);
  if (!match) {
    return { field: '<root>', message: `Invalid Journey entity: ${message}` };
  }
  const [, pointer, text, paramText] = match;
  const field = pointerToField(pointer);
  const params: Record<string, string> = {};
  for (const pair of (paramText ?? '').split(', ')) {
    const at = pair.indexOf(': ');
    if (at > 0) {
      params[pair.slice(0, at)] = pair.slice(at + 2);
    }
  }
  if (params.missingProperty) {
    const missing = joinField(field, params.missingProperty);
    return { field: missing, message: `${missing} is required` };
  }
  if (params.additionalProperty) {
    const extra = joinField(field, params.additionalProperty);
    return {
      field: extra,
      message: `${extra} is not a field of a Journey (check its spelling)`,
    };
  }
  if (params.pattern && PATTERN_DESCRIPTIONS[params.pattern]) {
    return {
      field,
      message: `${field} ${PATTERN_DESCRIPTIONS[params.pattern]}`,
    };
  }
  return { field, message: `${field} ${text}` };
}

let schemaValidator:
  | ((data: unknown) => JourneyEntityV1alpha1 | false)
  | undefined;

function validateSchema(data: unknown): JourneyProblem[] | 'foreign' {
  if (!schemaValidator) {
    schemaValidator = entityKindSchemaValidator<JourneyEntityV1alpha1>(
      journeyEntityV1alpha1Schema,
    );
  }
  try {
    return schemaValidator(data) === false ? 'foreign' : [];
  } catch (e) {
    // Not `instanceof Error`: the error may come from another realm (jest).
    const message = (e as { message?: unknown })?.message;
    return [
      problemFromSchemaError(typeof message === 'string' ? message : String(e)),
    ];
  }
}

function checkRef(
  problems: JourneyProblem[],
  field: string,
  value: string,
  defaultKind: string,
  namespace: string,
  requiredKind?: string,
) {
  const ref = parseJourneyRef(value, defaultKind, namespace);
  if (!ref) {
    problems.push({
      field,
      message: `${field} must be an entity ref such as "${defaultKind.toLocaleLowerCase(
        'en-US',
      )}:default/name", got ${JSON.stringify(value)}`,
    });
    return;
  }
  if (
    requiredKind &&
    ref.kind.toLocaleLowerCase('en-US') !==
      requiredKind.toLocaleLowerCase('en-US')
  ) {
    problems.push({
      field,
      message: `${field} must refer to a ${requiredKind}, got ${JSON.stringify(
        value,
      )}`,
    });
  }
}

/** The checks a JSON schema cannot express; `entity` has passed the schema. */
function semanticProblems(entity: JourneyEntityV1alpha1): JourneyProblem[] {
  const problems: JourneyProblem[] = [];
  const namespace = entity.metadata.namespace ?? 'default';

  checkRef(
    problems,
    'spec.owner',
    entity.spec.owner,
    JOURNEY_OWNER_DEFAULT_KIND,
    namespace,
  );
  if (entity.spec.persona.trim() === '') {
    problems.push({
      field: 'spec.persona',
      message: 'spec.persona must not be blank',
    });
  }

  const firstSeen = new Map<string, string>();
  entity.spec.stages.forEach((stage, stageIndex) => {
    if (stage.name.trim() === '') {
      const field = `spec.stages[${stageIndex}].name`;
      problems.push({ field, message: `${field} must not be blank` });
    }
    stage.steps.forEach((step, stepIndex) => {
      const path = `spec.stages[${stageIndex}].steps[${stepIndex}]`;

      const earlier = firstSeen.get(step.id);
      if (earlier) {
        problems.push({
          field: `${path}.id`,
          message: `${path}.id "${step.id}" is already used by ${earlier}; step ids must be unique within a journey`,
        });
      } else {
        firstSeen.set(step.id, path);
      }

      if (step.title.trim() === '') {
        problems.push({
          field: `${path}.title`,
          message: `${path}.title must not be blank`,
        });
      }
      if (step.entityRef !== undefined) {
        checkRef(
          problems,
          `${path}.entityRef`,
          step.entityRef,
          JOURNEY_STEP_DEFAULT_ENTITY_KIND,
          namespace,
        );
      }
      if (step.templateRef !== undefined) {
        checkRef(
          problems,
          `${path}.templateRef`,
          step.templateRef,
          JOURNEY_STEP_TEMPLATE_KIND,
          namespace,
          JOURNEY_STEP_TEMPLATE_KIND,
        );
      }
      (step.docs ?? []).forEach((doc, docIndex) => {
        const field = `${path}.docs[${docIndex}]`;
        let url: URL | undefined;
        try {
          url = new URL(doc);
        } catch {
          url = undefined;
        }
        if (
          !url ||
          (url.protocol !== 'https:' && url.protocol !== 'http:') ||
          !url.hostname
        ) {
          problems.push({
            field,
            message: `${field} must be an absolute http(s) URL, got ${JSON.stringify(
              doc,
            )}`,
          });
        }
      });
      (step.concepts ?? []).forEach((concept, conceptIndex) => {
        if (concept.trim() === '') {
          const field = `${path}.concepts[${conceptIndex}]`;
          problems.push({ field, message: `${field} must not be blank` });
        }
      });
      if (step.expectedDuration !== undefined) {
        const result = checkIsoDuration(step.expectedDuration.trim());
        if (!result.ok) {
          const field = `${path}.expectedDuration`;
          problems.push({
            field,
            message: `${field} ${result.reason}, got ${JSON.stringify(
              step.expectedDuration,
            )}`,
          });
        }
      }
    });
  });
  return problems;
}

/**
 * Whether the data claims to be a Journey (`kind: Journey`, compared
 * case-insensitively, with an apiVersion in the `customer-impact/` group).
 */
function claimsToBeJourney(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) {
    return false;
  }
  const { kind, apiVersion } = data as { kind?: unknown; apiVersion?: unknown };
  return (
    typeof kind === 'string' &&
    kind.toLocaleLowerCase('en-US') ===
      JOURNEY_KIND.toLocaleLowerCase('en-US') &&
    typeof apiVersion === 'string' &&
    apiVersion.startsWith('customer-impact/')
  );
}

/**
 * Every problem in an entity that claims to be a Journey, each naming its
 * field (`spec.stages[1].steps[0].expectedDuration`). Empty when the entity is
 * a valid Journey. Never throws.
 *
 * @remarks
 *
 * First the JSON schema (through `entityKindSchemaValidator`, which reports the
 * first violation it finds), then, once the shape is right, every check the
 * schema cannot express: unique step ids, ISO 8601 durations, entity refs,
 * http(s) doc URLs and non-blank texts.
 *
 * @public
 */
export function journeyEntityProblems(data: unknown): JourneyProblem[] {
  if (typeof data !== 'object' || data === null) {
    return [{ field: '<root>', message: 'A Journey entity must be an object' }];
  }
  const { kind, apiVersion } = data as { kind?: unknown; apiVersion?: unknown };
  if (kind !== JOURNEY_KIND) {
    return [
      {
        field: 'kind',
        message: `kind must be "${JOURNEY_KIND}", got ${JSON.stringify(kind)}`,
      },
    ];
  }
  if (apiVersion !== JOURNEY_API_VERSION) {
    return [
      {
        field: 'apiVersion',
        message: `apiVersion must be "${JOURNEY_API_VERSION}" for kind ${JOURNEY_KIND}, got ${JSON.stringify(
          apiVersion,
        )}`,
      },
    ];
  }
  const schemaResult = validateSchema(data);
  if (schemaResult === 'foreign') {
    // Cannot happen after the checks above; kept for safety.
    return [
      { field: 'kind', message: `Not a ${JOURNEY_API_VERSION} Journey entity` },
    ];
  }
  if (schemaResult.length) {
    return schemaResult;
  }
  return semanticProblems(data as JourneyEntityV1alpha1);
}

/**
 * Catalog {@link @backstage/catalog-model#KindValidator} for Journey entities.
 *
 * @remarks
 *
 * `check` resolves to false for an entity of another kind, to true for a valid
 * Journey, and throws a TypeError listing every problem with its field
 * (`spec.stages[1].steps[0].expectedDuration must be an ISO 8601 duration ...`)
 * for an invalid one. A `kind: Journey` entity in the `customer-impact/` group
 * with another version is rejected, naming `apiVersion`.
 *
 * @public
 */
export const journeyEntityValidator: KindValidator = {
  async check(data: Entity): Promise<boolean> {
    if (!claimsToBeJourney(data)) {
      return false;
    }
    const problems = journeyEntityProblems(data);
    if (problems.length) {
      throw new TypeError(
        `Invalid ${JOURNEY_KIND} entity: ${problems
          .map(p => p.message)
          .join('; ')}`,
      );
    }
    return true;
  },
};
