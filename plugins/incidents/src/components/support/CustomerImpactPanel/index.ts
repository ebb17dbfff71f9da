export { CustomerImpactPanel, coverageText } from './CustomerImpactPanel';
