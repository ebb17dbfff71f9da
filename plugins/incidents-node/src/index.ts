/**
 * Extension points for backend modules that extend Lookout's incidents backend.
 *
 * @packageDocumentation
 */
export * from './IncidentNotifier';
export * from './extensions';
export * from './TriageProvider';
