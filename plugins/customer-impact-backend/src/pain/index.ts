export { readPainIndexConfig } from './config';
export type { PainIndexConfig } from './config';
export { PainIndexService } from './PainIndexService';
export type { PainIndexResult } from './PainIndexService';
