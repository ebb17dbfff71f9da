import { ReactNode } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { PagedList } from '../../../hooks/usePagedList';

/** What a table of a paged list needs to show that more is coming and to ask for it. */
export interface Paging {
  loading: boolean;
  /** Given while there is a next page. */
  onLoadMore?: () => void;
}

/**
 * A server-paged list as every page shows one: the backend's error when it failed, a spinner
 * until the first page is in, then `children` with the items and the paging for the table.
 */
export function PagedListView<T>(props: {
  list: PagedList<T>;
  children: (items: T[], paging: Paging) => ReactNode;
}) {
  const { list } = props;
  const paging: Paging = {
    loading: list.loading,
    onLoadMore: list.hasMore ? list.loadMore : undefined,
  };
  return (
    <>
      {list.error && <ResponseErrorPanel error={list.error} />}
      {list.items
        ? props.children(list.items, paging)
        : !list.error && <Progress />}
    </>
  );
}
