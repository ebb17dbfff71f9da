export { MaintenanceWindows } from './MaintenanceWindows';
