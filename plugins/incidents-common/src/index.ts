/**
 * Types, annotation keys and rules shared by the Lookout frontend and backend.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './chat';
export * from './status';
export * from './annotations';
export * from './permissions';
export * from './graph';
export * from './impactPaths';
export * from './signals';
export * from './alerts';
export * from './oncall';
export * from './statuspage';
export * from './escalation';
export * from './postmortems';
export * from './triage';
export * from './runbooks';
export * from './support';
export * from './insights';
export * from './import';
