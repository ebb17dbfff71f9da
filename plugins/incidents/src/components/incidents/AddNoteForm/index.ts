export { AddNoteForm } from './AddNoteForm';
export type { AddNoteFormProps } from './AddNoteForm';
