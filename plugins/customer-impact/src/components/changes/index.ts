export {
  ChangesCard,
  ChangeReliefView,
  EntityChangesCard,
} from './ChangesCard';
export type { ChangesCardProps } from './ChangesCard';
export { RecordChangeDialog } from './RecordChangeDialog';
export type { RecordChangeDialogProps } from './RecordChangeDialog';
export { useChangeMarkers } from './useChangeMarkers';
export type { ChangeMarker } from './useChangeMarkers';
