export { SloCard } from './SloCard';
export { SloContent } from './SloContent';
