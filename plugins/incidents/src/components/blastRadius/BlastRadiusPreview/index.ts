export { BlastRadiusPreview } from './BlastRadiusPreview';
export type { BlastRadiusPreviewProps } from './BlastRadiusPreview';
