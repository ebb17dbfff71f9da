export { DurationFigureCard } from './DurationFigureCard';
