export {
  belowTarget,
  durationText,
  shareText,
  SupportFiguresSummary,
} from './SupportFiguresSummary';
