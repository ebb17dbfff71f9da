export { WrappedListItemText } from './WrappedListItemText';
export { WRAPPED_TEXT } from './wrappedText';
