import Button from '@material-ui/core/Button';
import GetAppIcon from '@material-ui/icons/GetApp';
import { downloadCsv, toCsv } from '../csv';

/** Downloads the table beside it as CSV, exactly the rows shown. */
export function DownloadCsvButton(props: {
  filename: string;
  headers: string[];
  rows: unknown[][];
  /** What the table is, for the button's accessible name. */
  label: string;
}) {
  return (
    <Button
      size="small"
      startIcon={<GetAppIcon />}
      aria-label={`Download ${props.label} as CSV`}
      onClick={() =>
        downloadCsv(props.filename, toCsv(props.headers, props.rows))
      }
    >
      CSV
    </Button>
  );
}
