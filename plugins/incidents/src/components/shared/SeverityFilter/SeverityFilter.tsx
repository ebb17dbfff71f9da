import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { SEVERITIES, Severity } from '@lookout/plugin-incidents-common';
import { useSeverityInfo } from '../../../hooks';

export interface SeverityFilterProps {
  /** The severities shown; empty means all of them. */
  value: Severity[];
  onChange: (severities: Severity[]) => void;
}

/** Any number of severities; none selected shows every severity. */
export function SeverityFilter(props: SeverityFilterProps) {
  const { value, onChange } = props;
  const severityInfo = useSeverityInfo();
  return (
    <ToggleButtonGroup
      size="small"
      aria-label="Severity"
      value={value}
      // Keep the canonical order so the query (and its cache key) does not depend on click order.
      onChange={(_, next: Severity[]) =>
        onChange(SEVERITIES.filter(code => next.includes(code)))
      }
    >
      {SEVERITIES.map(code => (
        <ToggleButton key={code} value={code} title={severityInfo[code].name}>
          {code}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
