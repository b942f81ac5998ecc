export { JourneysCard, isJourneyStepEntity } from './JourneysCard';
