export { NotConfigured, HowToSetUp } from './NotConfigured';
