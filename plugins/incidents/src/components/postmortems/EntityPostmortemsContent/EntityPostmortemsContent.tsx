import Grid from '@material-ui/core/Grid';
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
        <PostmortemsTable
          list={list}
          emptyText="No postmortems about this entity yet. Write one from a resolved incident's page."
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <RelatedPostmortemsCard />
      </Grid>
    </Grid>
  );
}
