export { LoadMore } from './LoadMore';
