import Box from '@material-ui/core/Box';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import {
  ResultHighlight,
  SearchDocument,
} from '@backstage/plugin-search-common';
import { HighlightedSearchResultText } from '@backstage/plugin-search-react';
import { RunbookSource } from '@lookout/plugin-incidents-common';
import { ReactNode } from 'react';
import { RunbookSourceChip } from '../RunbookView';

/** A `lookout-runbook` document as the search module indexes it. */
interface RunbookDocument extends SearchDocument {
  source?: RunbookSource;
  entityRefs?: string[];
}

const SNIPPET = 300;

/**
 * A runbook among the portal's search results: its title linking to the entity's Runbooks tab,
 * where it comes from, the entities it belongs to, and the matching text.
 */
export function RunbookSearchResultListItem(props: {
  result?: SearchDocument;
  highlight?: ResultHighlight;
  rank?: number;
  icon?: ReactNode;
}) {
  const result = props.result as RunbookDocument | undefined;
  if (!result) return null;
  const { highlight } = props;
  const title = highlight?.fields.title ? (
    <HighlightedSearchResultText
      text={highlight.fields.title}
      preTag={highlight.preTag}
      postTag={highlight.postTag}
    />
  ) : (
    result.title
  );
  const snippet =
    result.text.length > SNIPPET
      ? `${result.text.slice(0, SNIPPET)}…`
      : result.text;
  const text = highlight?.fields.text ? (
    <HighlightedSearchResultText
      text={highlight.fields.text}
      preTag={highlight.preTag}
      postTag={highlight.postTag}
    />
  ) : (
    snippet
  );
  return (
    <ListItem alignItems="flex-start" divider>
      {props.icon && <ListItemIcon>{props.icon as any}</ListItemIcon>}
      <ListItemText
        primaryTypographyProps={{ variant: 'h6' }}
        // the chip is a div, which a paragraph may not hold
        secondaryTypographyProps={{ component: 'div' }}
        primary={<Link to={result.location}>{title}</Link>}
        secondary={
          <>
            <Box
              component="span"
              display="flex"
              alignItems="center"
              style={{ gap: 8 }}
            >
              {result.source && <RunbookSourceChip source={result.source} />}
              {result.entityRefs && result.entityRefs.length > 0 && (
                <Typography component="span" variant="caption">
                  Runbook of {result.entityRefs.join(', ')}
                </Typography>
              )}
            </Box>
            <Typography component="span" variant="body2" color="textSecondary">
              {text}
            </Typography>
          </>
        }
      />
    </ListItem>
  );
}
