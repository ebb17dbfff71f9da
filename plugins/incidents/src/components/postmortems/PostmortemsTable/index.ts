export { PostmortemsTable, postmortemStatusLabel } from './PostmortemsTable';
