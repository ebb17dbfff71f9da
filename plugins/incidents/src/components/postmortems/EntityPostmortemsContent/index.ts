export { EntityPostmortemsContent } from './EntityPostmortemsContent';
