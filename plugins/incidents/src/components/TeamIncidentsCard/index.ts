export { TeamIncidentsCard } from './TeamIncidentsCard';
