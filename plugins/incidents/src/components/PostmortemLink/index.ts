export { PostmortemLink } from './PostmortemLink';
