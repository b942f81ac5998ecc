/**
 * Extension points through which backend modules add data sources to the
 * Customer Impact backend, and a helper that makes a support-source module a
 * few lines. Test utilities are in the `/testUtils` entry point.
 *
 * @packageDocumentation
 */

export * from './sources';
export * from './supportSources';
export * from './extensions';
export * from './createSupportSourceModule';
