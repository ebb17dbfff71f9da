export { IncidentPage } from './IncidentPage';
