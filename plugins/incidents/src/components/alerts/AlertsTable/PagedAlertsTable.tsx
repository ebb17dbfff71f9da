import { PagedAlerts, useIntegrationNames } from '../../../hooks';
import { PagedListView } from '../../shared/PagedListView';
import { AlertsTable, AlertsTableProps } from './AlertsTable';

/**
 * A paged alert list as every alerts card shows it: the backend's error or a spinner until the
 * first page is in, then the table, with each alert's integration by name and "Load more".
 */
export function PagedAlertsTable(
  props: Omit<
    AlertsTableProps,
    'alerts' | 'integrationNames' | 'onLoadMore' | 'loading'
  > & { alerts: PagedAlerts },
) {
  const { alerts, ...table } = props;
  const integrationNames = useIntegrationNames();
  return (
    <PagedListView list={alerts}>
      {(items, paging) => (
        <AlertsTable
          {...table}
          alerts={items}
          integrationNames={integrationNames}
          {...paging}
        />
      )}
    </PagedListView>
  );
}
