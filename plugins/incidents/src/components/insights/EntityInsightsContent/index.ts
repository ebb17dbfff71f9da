export { EntityInsightsContent } from './EntityInsightsContent';
