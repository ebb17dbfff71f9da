import { ElementType } from 'react';
import ListItemText, {
  ListItemTextProps,
} from '@material-ui/core/ListItemText';
import { WRAPPED_TEXT } from './wrappedText';

/**
 * A list item's text that wraps instead of being cut off at one line: for narrow cards and
 * text that must be read whole (reasons, escalation levels, people with their addresses).
 */
export function WrappedListItemText(
  props: ListItemTextProps<ElementType, ElementType>,
) {
  const { style, primaryTypographyProps, secondaryTypographyProps } = props;
  return (
    <ListItemText
      {...props}
      style={{ ...WRAPPED_TEXT, ...style }}
      primaryTypographyProps={{
        ...primaryTypographyProps,
        style: { ...WRAPPED_TEXT, ...primaryTypographyProps?.style },
      }}
      secondaryTypographyProps={{
        ...secondaryTypographyProps,
        style: { ...WRAPPED_TEXT, ...secondaryTypographyProps?.style },
      }}
    />
  );
}
