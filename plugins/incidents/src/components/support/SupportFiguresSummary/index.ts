export { SupportFiguresSummary, shareText } from './SupportFiguresSummary';
