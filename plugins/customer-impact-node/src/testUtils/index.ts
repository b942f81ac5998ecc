/**
 * Test utilities for authors of Customer Impact data-source modules. Import
 * from `@customer-impact/plugin-customer-impact-node/testUtils`, in tests only.
 *
 * @packageDocumentation
 */

export { mockSupportPullRequest } from './mockSupportPullRequest';
export { pullAndValidate } from './pullAndValidate';
export type { ValidatedSupportPull } from './pullAndValidate';
