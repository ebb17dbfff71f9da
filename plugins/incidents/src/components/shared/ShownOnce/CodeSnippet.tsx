import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import { CopyTextButton } from '@backstage/core-components';

const useStyles = makeStyles(theme => ({
  snippet: {
    margin: 0,
    padding: theme.spacing(2),
    overflow: 'auto',
    flex: 1,
    maxHeight: 320,
    background: theme.palette.background.default,
    fontSize: theme.typography.body2.fontSize,
  },
}));

/** Configuration or code to paste elsewhere, with a button to copy it. */
export function CodeSnippet(props: { label: string; code: string }) {
  const classes = useStyles();
  return (
    <Box display="flex" alignItems="flex-start">
      <pre className={classes.snippet} aria-label={props.label}>
        <code>{props.code}</code>
      </pre>
      <CopyTextButton
        text={props.code}
        aria-label={`Copy ${props.label.toLocaleLowerCase('en-US')}`}
      />
    </Box>
  );
}
