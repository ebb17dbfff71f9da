export { PostmortemsPage } from './PostmortemsPage';
