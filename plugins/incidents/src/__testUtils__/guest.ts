import { screen, waitFor } from '@testing-library/react';
import {
  incidentCreatePermission,
  incidentDeletePermission,
  incidentResolvePermission,
  incidentUpdatePermission,
  oncallManagePermission,
  postmortemManagePermission,
  runbookManagePermission,
  statusPageManagePermission,
} from '@lookout/plugin-incidents-common';
import { denying } from './testApp';

/**
 * What the permission backend answers for a guest, who may read and change nothing: every
 * permission the backend checks before a change is refused; only `incident.read` is allowed.
 */
export const guest = denying([
  incidentCreatePermission,
  incidentUpdatePermission,
  incidentResolvePermission,
  incidentDeletePermission,
  oncallManagePermission,
  postmortemManagePermission,
  runbookManagePermission,
  statusPageManagePermission,
]);

/** The roles of everything that can be pressed, ticked or chosen. */
const CONTROL_ROLES = ['button', 'menuitem', 'checkbox', 'switch', 'radio'];

function isDisabled(element: HTMLElement): boolean {
  return (
    (element as HTMLButtonElement).disabled === true ||
    element.getAttribute('aria-disabled') === 'true'
  );
}

function nameOf(element: HTMLElement): string {
  // a select is named by its label, the first of the ids it is labelled by
  const labelledBy = element.getAttribute('aria-labelledby')?.split(' ')[0];
  const name =
    element.getAttribute('aria-label') ??
    (labelledBy
      ? element.ownerDocument.getElementById(labelledBy)?.textContent
      : undefined) ??
    element.closest('label')?.textContent ??
    element.textContent ??
    '';
  return name.replace(/\s+/g, ' ').trim();
}

/** Each control on screen with its role; a select's trigger (a button to ARIA) is a select. */
function controls(): Array<[string, HTMLElement]> {
  return CONTROL_ROLES.flatMap(role =>
    screen
      .queryAllByRole(role)
      .map((e): [string, HTMLElement] =>
        e.getAttribute('aria-haspopup') === 'listbox'
          ? ['select', e]
          : [role, e],
      ),
  );
}

/**
 * Every control on screen that can still be used, as "role: name", sorted. Shown to a guest,
 * a page must list only controls that change nothing (show, preview, export, filters…).
 */
export function enabledControls(): string[] {
  return (
    controls()
      .filter(([, element]) => !isDisabled(element))
      // a table's column headers sort what is shown, and nothing else
      .filter(([, element]) => element.closest('thead') === null)
      .map(([role, element]) => `${role}: ${nameOf(element)}`)
      .sort()
  );
}

/**
 * The controls disabled with the reason the permission backend gave (PermittedAction's
 * tooltip), sorted: disabled because refused, not because the answer is still coming.
 */
export function refusedControls(): string[] {
  return controls()
    .filter(
      ([, element]) =>
        isDisabled(element) &&
        element.closest('[data-testid="permission-denied"]') !== null,
    )
    .map(([role, element]) => `${role}: ${nameOf(element)}`)
    .sort();
}

/**
 * What every page's guest test checks: each control that would change something is there,
 * disabled with the backend's reason (waited for, as the permission answers come one by one),
 * and the controls left enabled are exactly the ones that change nothing.
 */
export async function expectGuestControls(expected: {
  refused: string[];
  enabled: string[];
}) {
  await waitFor(() => expect(refusedControls()).toEqual(expected.refused), {
    timeout: 10_000,
  });
  expect(enabledControls()).toEqual(expected.enabled);
}
