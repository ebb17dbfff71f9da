export { ShareFigureCard } from './ShareFigureCard';
