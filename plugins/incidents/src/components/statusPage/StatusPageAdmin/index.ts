export { StatusPageAdmin } from './StatusPageAdmin';
