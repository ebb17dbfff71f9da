export { PagingBehindAlert } from './PagingBehindAlert';
