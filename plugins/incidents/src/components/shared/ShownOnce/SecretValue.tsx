import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { CopyTextButton } from '@backstage/core-components';

const useStyles = makeStyles({
  value: {
    fontFamily: 'monospace',
    overflowWrap: 'anywhere',
    flex: 1,
  },
});

/** A key or secret shown once, with a button to copy it. */
export function SecretValue(props: { label: string; value: string }) {
  const classes = useStyles();
  return (
    <Box display="flex" alignItems="center" mt={1}>
      <Typography variant="body2" component="span" color="textSecondary">
        {props.label}:&nbsp;
      </Typography>
      <Typography
        variant="body2"
        component="code"
        className={classes.value}
        aria-label={props.label}
      >
        {props.value}
      </Typography>
      <CopyTextButton
        text={props.value}
        aria-label={`Copy ${props.label.toLocaleLowerCase('en-US')}`}
      />
    </Box>
  );
}
