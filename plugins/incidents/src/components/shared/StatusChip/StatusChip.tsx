import Chip from '@material-ui/core/Chip';
import { IncidentStatus, isOpenStatus } from '@lookout/plugin-incidents-common';

/** The incident's status; open ones stand out, closed ones recede. */
export function StatusChip(props: { status: IncidentStatus }) {
  const open = isOpenStatus(props.status);
  return (
    <Chip
      size="small"
      variant={open ? 'default' : 'outlined'}
      color={open ? 'secondary' : 'default'}
      label={props.status}
    />
  );
}
