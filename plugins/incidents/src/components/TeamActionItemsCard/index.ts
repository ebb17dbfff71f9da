export { TeamActionItemsCard } from './TeamActionItemsCard';
