export { RelatedPostmortemsCard } from './RelatedPostmortemsCard';
