/**
 * Types, annotation keys and rules shared by the Lookout frontend and backend.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './status';
export * from './annotations';
export * from './permissions';
export * from './graph';
export * from './signals';
export * from './alerts';
