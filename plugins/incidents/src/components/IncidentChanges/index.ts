export { IncidentChanges } from './IncidentChanges';
