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
  /** Free text: at least readable width, and long refs may break without narrowing it. */
  text: { minWidth: theme.spacing(20), overflowWrap: 'break-word' },
  reasons: { minWidth: theme.spacing(32), overflowWrap: 'break-word' },
}));
