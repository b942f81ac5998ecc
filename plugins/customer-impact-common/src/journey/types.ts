import { Entity } from '@backstage/catalog-model';

/**
 * One step (touchpoint) of a journey: something a person does.
 *
 * @public
 */
export type JourneyStep = {
  /** Unique within the journey, lower-kebab-case (`create-repo`). Events and feedback name the step by it. */
  id: string;
  /** What the person does, for people to read. */
  title: string;
  description?: string;
  /** Entity ref of the component/API/resource the step goes through; the kind defaults to Component. */
  entityRef?: string;
  /** Entity ref of the scaffolder Template the step uses; the kind defaults to Template. */
  templateRef?: string;
  /** Absolute http(s) URLs of the docs a person reads for this step. */
  docs?: string[];
  /** Concepts a person must learn to take this step. */
  concepts?: string[];
  /** How long the step is expected to take, ISO 8601 (`PT30M`, `P2D`); no years or months. */
  expectedDuration?: string;
};

/**
 * A stage (phase) of a journey: a named group of steps, in order.
 *
 * @public
 */
export type JourneyStage = {
  name: string;
  description?: string;
  steps: JourneyStep[];
};

/**
 * The `spec` of a journey entity.
 *
 * @public
 */
export type JourneySpec = {
  /** Entity ref of the owning group or user; the kind defaults to Group. */
  owner: string;
  /** Who takes the journey: `new-hire`, `product-engineer`, `on-call`, ... */
  persona: string;
  /** Whether this is the organisation's opinionated, supported path (default false). */
  goldenPath?: boolean;
  /** The situation the journey starts from. */
  scenario?: string;
  /** What the persona expects from the journey. */
  expectations?: string;
  /** At least one stage, in order. */
  stages: JourneyStage[];
};

/**
 * A journey map as a catalog entity: `apiVersion: customer-impact/v1alpha1`,
 * `kind: Journey`.
 *
 * @public
 */
export interface JourneyEntityV1alpha1 extends Entity {
  apiVersion: 'customer-impact/v1alpha1';
  kind: 'Journey';
  spec: JourneySpec;
}

/**
 * A step together with its position in the journey, as returned by `journeySteps`.
 *
 * @public
 */
export type JourneyStepInContext = JourneyStep & {
  /** The name of the stage the step belongs to. */
  stage: string;
  /** Index of the stage in `spec.stages`. */
  stageIndex: number;
  /** Index of the step in its stage's `steps`. */
  stepIndex: number;
  /** Index of the step in the whole journey (0 for the first step). */
  position: number;
  /** Where the step lives in the entity, e.g. `spec.stages[1].steps[0]`. */
  path: string;
};

/**
 * One problem found in a journey entity.
 *
 * @public
 */
export interface JourneyProblem {
  /** The field, e.g. `spec.stages[1].steps[0].expectedDuration`. */
  field: string;
  /** What is wrong, for a person to read; starts with the field. */
  message: string;
}
