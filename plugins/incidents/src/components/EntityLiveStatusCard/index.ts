export { EntityLiveStatusCard } from './EntityLiveStatusCard';
