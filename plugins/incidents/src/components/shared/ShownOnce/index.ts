export { CodeSnippet } from './CodeSnippet';
export { SecretValue } from './SecretValue';
export { ShownOnceDialog } from './ShownOnceDialog';
