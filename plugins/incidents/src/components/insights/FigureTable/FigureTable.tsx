import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { ReactNode } from 'react';
import { DownloadCsvButton } from '../DownloadCsvButton';

/**
 * The table under a chart: the same numbers in rows, with the CSV of exactly these rows.
 * `csvRows` are the raw values (seconds, 0..1 shares); `rows` what people read.
 */
export function FigureTable(props: {
  label: string;
  filename: string;
  headers: string[];
  rows: ReactNode[][];
  csvRows: unknown[][];
}) {
  return (
    <Box>
      <Box display="flex" justifyContent="flex-end">
        <DownloadCsvButton
          label={props.label}
          filename={props.filename}
          headers={props.headers}
          rows={props.csvRows}
        />
      </Box>
      <Table size="small" aria-label={props.label}>
        <TableHead>
          <TableRow>
            {props.headers.map(header => (
              <TableCell key={header}>{header}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.rows.map((row, index) => (
            <TableRow key={index}>
              {row.map((cell, column) => (
                <TableCell key={column}>{cell}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
