/**
 * Lookout's incidents plugin for the new frontend system.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
