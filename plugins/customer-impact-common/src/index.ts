/**
 * Types, annotation names, permissions, the math and the typed API client of
 * the Customer Impact plugin suite. Isomorphic: used by the backend and the
 * frontend alike.
 *
 * @packageDocumentation
 */

export * from './facet';
export * from './annotations';
export * from './permissions';
export * from './deprecation';
export * from './api';
export * from './slo';
export * from './journey';
export * from './support';
export * from './changes';
export * from './validation';
export * from './schemas';
export * from './stats';
export * from './order';
export * from './time';
export * from './pain';
export * from './rollup';
