import { makeStyles } from '@material-ui/core/styles';

/**
 * The Backstage theme lets a table cell break a word anywhere (`word-break: break-word`), so
 * a column squeezed by a long neighbour showed ticket ids and entity names a letter a line.
 * Here words stay whole, ids, names and buttons stay on one line, the long reasons wrap, and a
 * table too wide for the card scrolls sideways instead of crushing its columns.
 */
export const useTableStyles = makeStyles(theme => ({
  scroll: { overflowX: 'auto' },
  table: {
    '& th, & td': { wordBreak: 'normal', overflow: 'visible' },
    '& th': { whiteSpace: 'nowrap' },
  },
  nowrap: { whiteSpace: 'nowrap' },
  /** Free text wraps between words, never narrower than a few of them. */
  text: { minWidth: theme.spacing(16), overflowWrap: 'break-word' },
  /** Reasons name long refs: they may break, without narrowing the column. */
  reasons: { minWidth: theme.spacing(28), overflowWrap: 'break-word' },
}));
