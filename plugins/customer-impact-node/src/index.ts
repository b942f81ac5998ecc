/**
 * Extension points through which backend modules add data sources to the
 * Customer Impact backend.
 *
 * @packageDocumentation
 */

export * from './sources';
export * from './supportSources';
export * from './extensions';
