/**
 * The Customer Impact backend plugin: stores, the REST API at
 * `/api/customer-impact` and the scheduled jobs.
 *
 * @packageDocumentation
 */

export { customerImpactPlugin as default } from './plugin';
