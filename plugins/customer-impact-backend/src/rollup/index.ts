export { createRollups } from './createRollups';
export type { Rollups } from './createRollups';
export { RollupBuilder, groupClosure } from './RollupBuilder';
export { RollupService } from './RollupService';
export { DatabaseRollupStore } from './RollupStore';
export type { RollupStore } from './RollupStore';
