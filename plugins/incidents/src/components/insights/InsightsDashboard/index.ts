export { InsightsDashboard, InsightsFigures } from './InsightsDashboard';
