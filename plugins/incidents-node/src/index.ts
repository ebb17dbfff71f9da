/**
 * What backend modules use to work with Lookout's incidents backend: `lookoutServiceRef` to
 * call it, and extension points to extend it.
 *
 * @packageDocumentation
 */
export * from './service/LookoutService';
export * from './service/LookoutClient';
export * from './service/lookoutServiceRef';
export * from './IncidentNotifier';
export * from './extensions';
export * from './TriageProvider';
export * from './chat';
