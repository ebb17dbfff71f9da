/** Service tier: `1` is the most critical. Feeds severity suggestions and escalation. */
export const ANNOTATION_TIER = 'lookout.dev/tier';
/** `"true"` on entities that customers use directly (websites, public APIs). */
export const ANNOTATION_CUSTOMER_FACING = 'lookout.dev/customer-facing';
/** Comma-separated runbook locations, relative to the entity's source location, or URLs. */
export const ANNOTATION_RUNBOOKS = 'lookout.dev/runbooks';
/** The public status-page component this entity rolls up into. */
export const ANNOTATION_STATUS_PAGE_COMPONENT =
  'lookout.dev/status-page-component';
/** Chooses an escalation policy other than the owner's. */
export const ANNOTATION_ESCALATION_POLICY = 'lookout.dev/escalation-policy';
