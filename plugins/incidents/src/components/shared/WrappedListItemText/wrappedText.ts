/**
 * Backstage's theme cuts the text of dense list items off at one line with an ellipsis. Where
 * the whole text matters (triage reasons, an escalation policy's levels) it wraps instead,
 * long refs and URLs included. Applied inline, because the theme's rule is injected when the
 * first list item mounts and would otherwise win or lose by stylesheet order.
 */
export const WRAPPED_TEXT = {
  whiteSpace: 'normal',
  overflow: 'visible',
  textOverflow: 'clip',
  overflowWrap: 'anywhere',
} as const;
