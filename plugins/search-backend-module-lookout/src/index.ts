/**
 * A search backend module that indexes Lookout's runbooks in the portal's search.
 *
 * @packageDocumentation
 */
export { searchModuleLookout as default } from './module';
export {
  LookoutRunbooksCollatorFactory,
  toSearchDocument,
} from './collators/LookoutRunbooksCollatorFactory';
export type { RunbookSearchDocument } from './collators/LookoutRunbooksCollatorFactory';
export {
  PostmortemsCollatorFactory,
  toPostmortemSearchDocument,
} from './collators/PostmortemsCollatorFactory';
export type { PostmortemSearchDocument } from './collators/PostmortemsCollatorFactory';
