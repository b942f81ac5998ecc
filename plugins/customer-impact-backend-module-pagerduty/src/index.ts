/**
 * A Customer Impact backend module that pulls PagerDuty incidents as support
 * events: pages and escalations.
 *
 * @packageDocumentation
 */

export { customerImpactModulePagerDuty as default } from './module';
export {
  PAGERDUTY_SERVICE_ANNOTATION,
  PagerDutySupportSource,
} from './PagerDutySupportSource';
export type { PagerDutySupportSourceOptions } from './PagerDutySupportSource';
