export { createRollups } from './createRollups';
export type { Rollups } from './createRollups';
export { RollupBuilder, groupClosure } from './RollupBuilder';
export { RollupService } from './RollupService';
export { DatabaseRollupStore, WHOLE_PASS_WATERMARK } from './RollupStore';
export type { RollupOwnership, RollupStore } from './RollupStore';
