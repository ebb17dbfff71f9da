import { MouseEvent, ReactNode, useState } from 'react';
import Button from '@material-ui/core/Button';
import Menu from '@material-ui/core/Menu';
import ArrowDropDownIcon from '@material-ui/icons/ArrowDropDown';
import { IncidentUpdateAction } from '../../shared/PermittedAction';

/**
 * A button, gated on `incident.update` of the incident, that opens a menu of choices below it.
 * `children` gets `choose`, which turns what a choice does into a click that first puts the menu
 * away.
 */
export function MenuButton(props: {
  /** The menu's id, which the button says it controls. */
  menuId: string;
  label: string;
  incidentId: string;
  disabled: boolean;
  children: (choose: (action: () => void) => () => void) => ReactNode;
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const close = () => setAnchor(null);
  const choose = (action: () => void) => () => {
    close();
    action();
  };
  return (
    <>
      <IncidentUpdateAction incidentId={props.incidentId}>
        <Button
          variant="outlined"
          aria-haspopup="menu"
          aria-controls={props.menuId}
          endIcon={<ArrowDropDownIcon />}
          disabled={props.disabled}
          onClick={(e: MouseEvent<HTMLElement>) => setAnchor(e.currentTarget)}
        >
          {props.label}
        </Button>
      </IncidentUpdateAction>
      <Menu
        id={props.menuId}
        anchorEl={anchor}
        open={Boolean(anchor)}
        onClose={close}
      >
        {props.children(choose)}
      </Menu>
    </>
  );
}
