export { JourneyEntitiesProcessor } from './JourneyEntitiesProcessor';
