export { RunbookSearchResultListItem } from './RunbookSearchResultListItem';
