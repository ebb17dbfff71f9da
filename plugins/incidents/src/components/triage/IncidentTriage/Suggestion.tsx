import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import ListItem from '@material-ui/core/ListItem';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ThumbUpIcon from '@material-ui/icons/ThumbUp';
import ThumbDownIcon from '@material-ui/icons/ThumbDown';
import {
  incidentUpdatePermission,
  TriageReason,
  TriageVerdict,
} from '@lookout/plugin-incidents-common';
import { PermittedAction } from '../../shared/PermittedAction';
import { WrappedListItemText } from '../../shared/WrappedListItemText';

const useStyles = makeStyles(theme => ({
  row: { alignItems: 'flex-start' },
  reasons: { margin: 0, paddingLeft: theme.spacing(2.5) },
  score: { marginLeft: theme.spacing(1), whiteSpace: 'nowrap' },
  chosen: { color: theme.palette.primary.main },
}));

/**
 * One verdict button, titled by a tooltip while it can be pressed; a disabled one is left to
 * the enclosing PermittedAction, whose tooltip says why (a tooltip on a disabled button never
 * shows, and two nested tooltips would fight over the same hover).
 */
function VerdictButton(props: {
  title: string;
  label: string;
  pressed: boolean;
  className?: string;
  onClick(): void;
  disabled?: boolean;
  children: ReactNode;
}) {
  const button = (
    <IconButton
      size="small"
      aria-label={props.label}
      aria-pressed={props.pressed}
      className={props.className}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      {props.children}
    </IconButton>
  );
  return props.disabled ? (
    button
  ) : (
    <Tooltip title={props.title}>{button}</Tooltip>
  );
}

/**
 * Right and wrong, as the signed-in responder judges one suggestion; a verdict changes the
 * incident's triage, so it needs `incident.update` on that incident, as the backend checks.
 */
export function VerdictButtons(props: {
  incidentId: string;
  label: string;
  verdict?: TriageVerdict;
  onJudge(verdict: TriageVerdict): void;
}) {
  const classes = useStyles();
  const { incidentId, label, verdict, onJudge } = props;
  return (
    <Box display="flex" flexShrink={0}>
      <PermittedAction
        permission={incidentUpdatePermission}
        resourceRef={incidentId}
      >
        <VerdictButton
          title="Right"
          label={`Mark ${label} right`}
          pressed={verdict === 'right'}
          className={verdict === 'right' ? classes.chosen : undefined}
          onClick={() => onJudge('right')}
        >
          <ThumbUpIcon fontSize="small" />
        </VerdictButton>
      </PermittedAction>
      <PermittedAction
        permission={incidentUpdatePermission}
        resourceRef={incidentId}
      >
        <VerdictButton
          title="Wrong"
          label={`Mark ${label} wrong`}
          pressed={verdict === 'wrong'}
          className={verdict === 'wrong' ? classes.chosen : undefined}
          onClick={() => onJudge('wrong')}
        >
          <ThumbDownIcon fontSize="small" />
        </VerdictButton>
      </PermittedAction>
    </Box>
  );
}

/** The evidence behind a score, each with what it added. */
export function Reasons(props: { reasons: TriageReason[] }) {
  const classes = useStyles();
  return (
    <ul className={classes.reasons}>
      {props.reasons.map((reason, index) => (
        <li key={index}>
          <Typography variant="body2" component="span">
            {reason.text}
            {reason.weight !== 0 && ` (+${reason.weight})`}
          </Typography>
        </li>
      ))}
    </ul>
  );
}

/** One scored suggestion: what it names, its score and reasons, and the verdict buttons. */
export function Suggestion(props: {
  incidentId: string;
  label: string;
  title: ReactNode;
  score: number;
  reasons: TriageReason[];
  verdict?: TriageVerdict;
  onJudge(verdict: TriageVerdict): void;
  children?: ReactNode;
}) {
  const classes = useStyles();
  return (
    <ListItem disableGutters divider className={classes.row}>
      <WrappedListItemText
        primary={
          <Box display="flex" alignItems="baseline">
            <span>{props.title}</span>
            <Typography
              variant="caption"
              color="textSecondary"
              className={classes.score}
            >
              score {props.score}
            </Typography>
          </Box>
        }
        secondaryTypographyProps={{ component: 'div' }}
        secondary={
          <>
            <Reasons reasons={props.reasons} />
            {props.children}
          </>
        }
      />
      <VerdictButtons
        incidentId={props.incidentId}
        label={props.label}
        verdict={props.verdict}
        onJudge={props.onJudge}
      />
    </ListItem>
  );
}
