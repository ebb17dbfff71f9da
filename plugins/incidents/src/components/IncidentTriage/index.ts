export { IncidentTriage } from './IncidentTriage';
