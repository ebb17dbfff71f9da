export { SupportFiguresBreakdown } from './SupportFiguresBreakdown';
