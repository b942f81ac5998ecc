export {
  CUSTOMER_IMPACT_ACTIONS,
  registerCustomerImpactActions,
} from './registerActions';
export type { CustomerImpactActionsOptions } from './registerActions';
