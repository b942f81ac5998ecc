export { PainIndexCard } from './PainIndexCard';
export { PainExplanation } from './PainExplanation';
export { CustomerImpactPage } from './CustomerImpactPage';
export { GroupCustomerImpactCard } from './GroupCustomerImpactCard';
