import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { EntityOption, useCatalogEntityOptions } from '../../../hooks';

interface CommonProps {
  /** The input's id, which also ties the label to it. */
  id: string;
  label: string;
  /** Catalog kinds to offer, for example `['User']`. */
  kinds: string[];
  helperText?: string;
  /** Refs never offered, such as the incident's own origin. */
  exclude?: string[];
}

export type CatalogEntityPickerProps = CommonProps &
  (
    | { multiple: true; value: string[]; onChange: (refs: string[]) => void }
    | {
        multiple?: false;
        value: string | null;
        onChange: (ref: string | null) => void;
      }
  );

/** Entities of some kinds from the catalog, picked by name; values are full entity refs. */
export function CatalogEntityPicker(props: CatalogEntityPickerProps) {
  const { id, label, kinds, helperText, exclude = [] } = props;
  const {
    value: options = [],
    loading,
    error,
  } = useCatalogEntityOptions(kinds);
  const byRef = new Map(options.map(option => [option.ref, option]));
  // A ref the catalog does not have (yet, or any more) still shows, by its ref, and stays an
  // option so that the selection is valid while the catalog loads.
  const toOption = (ref: string): EntityOption =>
    byRef.get(ref) ?? { ref, label: ref, kind: '' };
  const selected = props.multiple ? props.value : [props.value ?? ''];
  const unknown = selected.filter(ref => ref && !byRef.has(ref)).map(toOption);

  const common = {
    id,
    loading,
    options: [
      ...options.filter(option => !exclude.includes(option.ref)),
      ...unknown,
    ],
    getOptionLabel: (option: EntityOption) => option.label,
    getOptionSelected: (option: EntityOption, value: EntityOption) =>
      option.ref === value.ref,
    renderOption: (option: EntityOption) => (
      <div>
        <Typography variant="body2">{option.label}</Typography>
        <Typography variant="caption" color="textSecondary">
          {option.ref}
        </Typography>
      </div>
    ),
    renderInput: (params: object) => (
      <TextField
        {...params}
        margin="normal"
        label={label}
        error={Boolean(error)}
        helperText={
          error ? `Could not load the catalog: ${error.message}` : helperText
        }
      />
    ),
  };

  if (props.multiple) {
    const { onChange } = props;
    return (
      <Autocomplete
        {...common}
        multiple
        value={props.value.map(toOption)}
        onChange={(_, picked) => onChange(picked.map(option => option.ref))}
      />
    );
  }
  const { onChange } = props;
  return (
    <Autocomplete
      {...common}
      value={props.value ? toOption(props.value) : null}
      onChange={(_, picked) => onChange(picked?.ref ?? null)}
    />
  );
}
