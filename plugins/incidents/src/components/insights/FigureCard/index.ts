export { FigureCard } from './FigureCard';
export type { FigureLine } from './FigureCard';
