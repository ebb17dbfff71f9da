/**
 * Lookout's incidents backend plugin.
 *
 * @packageDocumentation
 */
export { incidentsPlugin as default } from './plugin';
export {
  incidentConditions,
  createIncidentConditionalDecision,
  incidentPermissionResourceRef,
} from './permissions/rules';
