export { JourneysCard } from './JourneysCard';
export { JourneyMap } from './JourneyMap';
export { GoldenPathsPage } from './GoldenPathsPage';
export { isJourneyStepEntity } from './isJourneyStepEntity';
