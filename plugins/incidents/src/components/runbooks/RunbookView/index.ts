export { RunbookView, RunbookSourceChip } from './RunbookView';
