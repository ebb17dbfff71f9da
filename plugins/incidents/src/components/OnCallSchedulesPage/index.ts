export { OnCallSchedulesPage } from './OnCallSchedulesPage';
