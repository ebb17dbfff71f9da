import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { useTableStyles } from './tableStyles';

/**
 * A small table of the Support page: named for screen readers, words kept whole, and scrolled
 * sideways when it is wider than its card. Rows are the children.
 */
export function SupportTable(props: {
  label: string;
  /** Column headings; an empty string for a column without one. */
  head?: string[];
  children: ReactNode;
}) {
  const classes = useTableStyles();
  return (
    <Box className={classes.scroll}>
      <Table size="small" aria-label={props.label} className={classes.table}>
        {props.head && (
          <TableHead>
            <TableRow>
              {props.head.map((heading, i) => (
                <TableCell key={i}>{heading}</TableCell>
              ))}
            </TableRow>
          </TableHead>
        )}
        <TableBody>{props.children}</TableBody>
      </Table>
    </Box>
  );
}
