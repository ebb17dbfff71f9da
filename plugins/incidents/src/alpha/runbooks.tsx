import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import MenuBookIcon from '@material-ui/icons/MenuBook';
import { RUNBOOK_SEARCH_TYPE } from '@lookout/plugin-incidents-common';
import { RunbooksClient, runbooksApiRef } from '../api/runbooks';
import { isRunbooksAvailable } from '../conditions';
import { backendClientApi } from './backendClientApi';

export const runbooksApi = backendClientApi(
  'runbooks',
  runbooksApiRef,
  RunbooksClient,
);

export const entityRunbooksContent = EntityContentBlueprint.make({
  name: 'runbooks',
  params: {
    path: '/runbooks',
    title: 'Runbooks',
    filter: isRunbooksAvailable,
    loader: () =>
      import('../components/runbooks/EntityRunbooksContent').then(m => (
        <m.EntityRunbooksContent />
      )),
  },
});

/** How a runbook shows among the portal's search results. */
export const runbookSearchResultListItem = SearchResultListItemBlueprint.make({
  name: 'runbook',
  params: {
    predicate: result => result.type === RUNBOOK_SEARCH_TYPE,
    icon: <MenuBookIcon />,
    component: () =>
      import('../components/runbooks/RunbookSearchResultListItem').then(
        m => m.RunbookSearchResultListItem,
      ),
  },
});

/** "Runbooks" among the search page's result types. */
export const runbookSearchResultType = SearchFilterResultTypeBlueprint.make({
  name: 'runbooks',
  params: {
    value: RUNBOOK_SEARCH_TYPE,
    name: 'Runbooks',
    icon: <MenuBookIcon />,
  },
});
