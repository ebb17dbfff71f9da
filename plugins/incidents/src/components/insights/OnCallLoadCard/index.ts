export { OnCallLoadCard } from './OnCallLoadCard';
