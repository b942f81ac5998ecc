export { compareCodeUnits } from './compareCodeUnits';
