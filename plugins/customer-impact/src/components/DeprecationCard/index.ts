export { DeprecationCard } from './DeprecationCard';
