export { EntityDataCleaner } from './EntityDataCleaner';
export type { CleanupResult } from './EntityDataCleaner';
export {
  EntityDataCleanupTask,
  readOrphansGraceMs,
  DEFAULT_ORPHANS_GRACE_MS,
} from './EntityDataCleanupTask';
export { ENTITY_DATA_TABLES } from './entityTables';
