import useAsync from 'react-use/esm/useAsync';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { postmortemsApiRef } from '../../../api/postmortems';
import { PostmortemLink } from '../PostmortemLink';
import { WrappedListItemText } from '../../shared/WrappedListItemText';

/**
 * For a Group's page: the open postmortem action items of the team and its members that are past
 * their due date, oldest due first.
 */
export function TeamActionItemsCard() {
  const { entity } = useEntity();
  const ownerRef = stringifyEntityRef(entity);
  const postmortemsApi = useApi(postmortemsApiRef);
  const { value, error } = useAsync(
    () => postmortemsApi.listActionItems({ ownerRef, overdue: true }),
    [postmortemsApi, ownerRef],
  );

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    content = <Progress />;
  } else if (value.length === 0) {
    content = <Typography>No overdue action items.</Typography>;
  } else {
    content = (
      <List dense disablePadding aria-label="Overdue action items">
        {value.map(item => (
          <ListItem key={item.id} disableGutters alignItems="flex-start">
            <WrappedListItemText
              primary={
                item.trackerUrl ? (
                  <Link to={item.trackerUrl}>{item.title}</Link>
                ) : (
                  item.title
                )
              }
              secondary={
                <>
                  Due {item.dueDate} ·{' '}
                  <EntityRefLink entityRef={item.ownerRef} /> ·{' '}
                  <PostmortemLink id={item.postmortemId}>
                    postmortem of {item.incidentId}
                  </PostmortemLink>
                </>
              }
            />
          </ListItem>
        ))}
      </List>
    );
  }
  return <InfoCard title="Overdue action items">{content}</InfoCard>;
}
