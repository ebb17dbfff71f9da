export { EntityAlertsContent } from './EntityAlertsContent';
