import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { StatusScope } from './statusScopes';

const LABELS: Record<StatusScope, string> = {
  open: 'Open',
  past: 'Past',
  all: 'All',
};

export interface StatusFilterProps {
  value: StatusScope;
  onChange: (scope: StatusScope) => void;
  /** The choices offered, in order. */
  scopes?: StatusScope[];
}

/** Open, past or all incidents: one choice, always set. */
export function StatusFilter(props: StatusFilterProps) {
  const { value, onChange, scopes = ['open', 'past', 'all'] } = props;
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      aria-label="Status"
      value={value}
      // Clicking the selected button yields null; a list always shows some scope.
      onChange={(_, next: StatusScope | null) => next && onChange(next)}
    >
      {scopes.map(scope => (
        <ToggleButton key={scope} value={scope}>
          {LABELS[scope]}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
