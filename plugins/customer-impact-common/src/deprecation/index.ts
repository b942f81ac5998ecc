export * from './types';
export {
  daysToSunset,
  dependencyRefsOf,
  dependentRefsOf,
  parseIsoDate,
  readDeprecationAnnotations,
} from './annotations';
export * from './howTo';
export * from './schema';
export * from './campaign';
export * from './progress';
