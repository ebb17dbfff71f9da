export { MergeIncidentDialog } from './MergeIncidentDialog';
export type { MergeIncidentDialogProps } from './MergeIncidentDialog';
