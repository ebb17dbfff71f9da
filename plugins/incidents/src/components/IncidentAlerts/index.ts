export { IncidentAlerts } from './IncidentAlerts';
