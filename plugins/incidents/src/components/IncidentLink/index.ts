export { IncidentLink } from './IncidentLink';
