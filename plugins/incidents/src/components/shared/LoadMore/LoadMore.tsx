import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';

/**
 * "Load more" below a server-paged table, while there is more to load (`onLoadMore` given);
 * disabled while a page is coming.
 */
export function LoadMore(props: {
  onLoadMore?: () => void;
  loading?: boolean;
}) {
  if (!props.onLoadMore) return null;
  return (
    <Box mt={1} display="flex" justifyContent="center">
      <Button onClick={props.onLoadMore} disabled={props.loading}>
        Load more
      </Button>
    </Box>
  );
}
