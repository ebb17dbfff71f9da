import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import { Severity } from '@lookout/plugin-incidents-common';
import { useSeverityInfo } from '../../../hooks';

const useStyles = makeStyles(theme => ({
  SEV1: { backgroundColor: theme.palette.error.dark, color: '#fff' },
  SEV2: { backgroundColor: theme.palette.error.main, color: '#fff' },
  SEV3: { backgroundColor: theme.palette.warning.main, color: '#000' },
  SEV4: { backgroundColor: theme.palette.info.main, color: '#fff' },
  chip: { fontWeight: 600 },
}));

/** A severity code with its name on hover, coloured from worst (SEV1) to least. */
export function SeverityChip(props: { severity: Severity }) {
  const classes = useStyles();
  const severityInfo = useSeverityInfo();
  const info = severityInfo[props.severity];
  return (
    <Tooltip title={`${info.name}: ${info.description}`}>
      <Chip
        size="small"
        label={props.severity}
        className={`${classes.chip} ${classes[props.severity]}`}
      />
    </Tooltip>
  );
}
