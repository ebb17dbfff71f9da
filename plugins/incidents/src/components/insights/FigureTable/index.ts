export { FigureTable } from './FigureTable';
