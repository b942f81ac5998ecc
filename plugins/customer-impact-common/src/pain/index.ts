export * from './types';
export {
  DEFAULT_PAIN_WEIGHTS,
  DEFAULT_PAIN_WINDOW_WEEKS,
  painWeightOf,
} from './weights';
export {
  computePainIndex,
  describePainQuantity,
  explainPainIndex,
  formatPainNumber,
} from './painIndex';
export type { PainExplanationPart } from './painIndex';
