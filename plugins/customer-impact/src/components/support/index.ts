export { SupportLoadCard } from './SupportLoadCard';
export { SupportEventsContent } from './SupportEventsContent';
export { InternalCustomersCard } from './InternalCustomersCard';
