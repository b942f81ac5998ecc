import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  JOURNEY_API_VERSION,
  JOURNEY_KIND,
  JOURNEY_OWNER_DEFAULT_KIND,
  JOURNEY_STEP_DEFAULT_ENTITY_KIND,
  JOURNEY_STEP_TEMPLATE_KIND,
} from './constants';
import { JourneyEntityV1alpha1, JourneyStepInContext } from './types';
import { parseJourneyRef } from './validation';

/**
 * Whether an entity is a Journey (`customer-impact/v1alpha1`, kind compared
 * case-insensitively like the built-in kinds). Checks the envelope only; use
 * `journeyEntityValidator` to check the spec.
 *
 * @public
 */
export function isJourneyEntity(
  entity: Entity,
): entity is JourneyEntityV1alpha1 {
  return (
    entity.apiVersion === JOURNEY_API_VERSION &&
    typeof entity.kind === 'string' &&
    entity.kind.toLocaleLowerCase('en-US') ===
      JOURNEY_KIND.toLocaleLowerCase('en-US')
  );
}

/**
 * Every step of a journey in order (stage by stage), each with its stage and
 * position. Tolerates a missing `stages` or `steps` array (returns what there is).
 *
 * @public
 */
export function journeySteps(
  entity: JourneyEntityV1alpha1,
): JourneyStepInContext[] {
  const result: JourneyStepInContext[] = [];
  const stages = Array.isArray(entity.spec?.stages) ? entity.spec.stages : [];
  stages.forEach((stage, stageIndex) => {
    const steps = Array.isArray(stage?.steps) ? stage.steps : [];
    steps.forEach((step, stepIndex) => {
      result.push({
        ...step,
        stage: stage.name,
        stageIndex,
        stepIndex,
        position: result.length,
        path: `spec.stages[${stageIndex}].steps[${stepIndex}]`,
      });
    });
  });
  return result;
}

/**
 * The entities a journey refers to, parsed the way the catalog module emits its
 * relations: refs without a namespace take the journey's namespace; `owner`
 * defaults to kind Group, a step's `entityRef` to Component and `templateRef`
 * to Template. Each list is sorted by ref and free of duplicates; refs that do
 * not parse are left out (the validator reports them).
 *
 * @public
 */
export function journeyEntityRefs(entity: JourneyEntityV1alpha1): {
  owner: CompoundEntityRef | null;
  passesThrough: CompoundEntityRef[];
  templates: CompoundEntityRef[];
} {
  const namespace = entity.metadata.namespace ?? 'default';
  const collect = (values: Array<string | undefined>, defaultKind: string) => {
    const byRef = new Map<string, CompoundEntityRef>();
    for (const value of values) {
      const ref =
        typeof value === 'string'
          ? parseJourneyRef(value, defaultKind, namespace)
          : null;
      if (ref) {
        const normalised = {
          kind: ref.kind,
          namespace: ref.namespace,
          name: ref.name,
        };
        byRef.set(stringifyEntityRef(normalised), normalised);
      }
    }
    return [...byRef.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, ref]) => ref);
  };
  const steps = journeySteps(entity);
  const [owner] = collect([entity.spec?.owner], JOURNEY_OWNER_DEFAULT_KIND);
  return {
    owner: owner ?? null,
    passesThrough: collect(
      steps.map(s => s.entityRef),
      JOURNEY_STEP_DEFAULT_ENTITY_KIND,
    ),
    templates: collect(
      steps.map(s => s.templateRef),
      JOURNEY_STEP_TEMPLATE_KIND,
    ),
  };
}
