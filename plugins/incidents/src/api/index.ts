export { errorMessage } from './errorMessage';
export { BackendClient, toSearch } from './BackendClient';
