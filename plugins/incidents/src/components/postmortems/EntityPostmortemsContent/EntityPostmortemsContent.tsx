import Grid from '@material-ui/core/Grid';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { postmortemsApiRef } from '../../../api/postmortems';
import { usePagedList } from '../../../hooks/usePagedList';
import { PostmortemsTable } from '../PostmortemsTable';
import { RelatedPostmortemsCard } from '../RelatedPostmortemsCard';

const PAGE_SIZE = 50;

/**
 * The Postmortems tab of an entity page: the postmortems of incidents that started on it or
 * whose root cause was in it, and those of its upstream dependencies.
 */
export function EntityPostmortemsContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const postmortemsApi = useApi(postmortemsApiRef);
  const list = usePagedList(entityRef, cursor =>
    postmortemsApi.listPostmortems({ entityRef, cursor, limit: PAGE_SIZE }),
  );
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={8}>
        {list.error && <ResponseErrorPanel error={list.error} />}
        {list.items ? (
          <PostmortemsTable
            title="Postmortems"
            postmortems={list.items}
            loading={list.loading}
            onLoadMore={list.hasMore ? list.loadMore : undefined}
            emptyContent={
              <Box p={2}>
                <Typography>
                  No postmortems about this entity yet. Write one from a
                  resolved incident's page.
                </Typography>
              </Box>
            }
          />
        ) : (
          !list.error && <Progress />
        )}
      </Grid>
      <Grid item xs={12} md={4}>
        <RelatedPostmortemsCard />
      </Grid>
    </Grid>
  );
}
