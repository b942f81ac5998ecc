export { SloContent } from './SloContent';
