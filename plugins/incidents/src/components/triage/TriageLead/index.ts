export { TriageLead } from './TriageLead';
