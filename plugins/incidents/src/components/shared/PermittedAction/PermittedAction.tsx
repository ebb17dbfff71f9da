import { cloneElement, ReactElement } from 'react';
import Tooltip from '@material-ui/core/Tooltip';
import {
  ActionPermissionInput,
  useActionPermission,
} from '../../../hooks/useActionPermission';

export type PermittedActionProps = ActionPermissionInput & {
  /** The control: a Button, IconButton, MenuItem, Checkbox… anything with a `disabled` prop. */
  children: ReactElement<{ disabled?: boolean }>;
  /**
   * Leave the control out instead of disabling it, where a disabled one would only clutter
   * (a form nobody may submit, a row action repeated on every row).
   */
  hide?: boolean;
  /**
   * Disabled whatever this permission says: set by an enclosing PermittedAction, so that an
   * action needing two permissions is written as one gate inside the other.
   */
  disabled?: boolean;
};

/**
 * One way to gate every action of the plugin: the control is disabled, with a tooltip saying
 * why, when the permission backend would refuse it; and disabled without a tooltip while the
 * answer is coming, so nobody clicks into a 403. The backend still checks every request.
 */
export function PermittedAction(props: PermittedActionProps) {
  const {
    children,
    hide,
    disabled: forced,
    permission,
    resourceRef,
    // props a parent gives its children (MenuList's tabIndex and autoFocus) are the control's
    ...forwarded
  } = props;
  const { allowed, reason } = useActionPermission({
    permission,
    resourceRef,
  } as ActionPermissionInput);
  const control = cloneElement(children, forwarded);
  if (allowed) {
    return forced ? cloneElement(control, { disabled: true }) : control;
  }
  if (hide) {
    return null;
  }
  const disabled = cloneElement(control, { disabled: true });
  if (!reason) {
    return disabled;
  }
  // A disabled control fires no mouse events, so the tooltip listens on a wrapper.
  return (
    <Tooltip title={reason}>
      <span style={{ display: 'inline-flex' }} data-testid="permission-denied">
        {disabled}
      </span>
    </Tooltip>
  );
}
