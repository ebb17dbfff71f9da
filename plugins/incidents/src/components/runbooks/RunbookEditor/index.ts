export { RunbookEditor } from './RunbookEditor';
