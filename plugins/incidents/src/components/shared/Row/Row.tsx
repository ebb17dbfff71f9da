import Box, { BoxProps } from '@material-ui/core/Box';

/**
 * Controls side by side above what they act on (filters over a table, a document's status and
 * moves), wrapping onto the next line on a narrow screen. Any Box prop overrides the defaults.
 */
export function Row(props: BoxProps & { gap?: number }) {
  const { gap = 16, style, ...rest } = props;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      mb={2}
      style={{ gap, ...style }}
      {...rest}
    />
  );
}
