import useAsync from 'react-use/esm/useAsync';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import ListSubheader from '@material-ui/core/ListSubheader';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { PostmortemSummary } from '@lookout/plugin-incidents-common';
import { postmortemsApiRef } from '../../../api/postmortems';
import { PostmortemLink } from '../PostmortemLink';

/** A card lists a few; the Postmortems tab and page have the rest. */
const SHOWN = 5;

function Line(props: {
  postmortem: PostmortemSummary;
  secondary?: JSX.Element;
}) {
  const { postmortem } = props;
  return (
    <ListItem disableGutters>
      <ListItemText
        primary={
          <PostmortemLink id={postmortem.id}>{postmortem.title}</PostmortemLink>
        }
        secondary={
          props.secondary ?? (
            <>
              {postmortem.incidentId}
              {postmortem.causeCategory ? ` · ${postmortem.causeCategory}` : ''}
            </>
          )
        }
      />
    </ListItem>
  );
}

/**
 * For an entity's page: postmortems about the entity itself, and those whose root cause was in
 * something it depends on (the same upstream cause may hit it next).
 */
export function RelatedPostmortemsCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const postmortemsApi = useApi(postmortemsApiRef);
  const { value, error } = useAsync(
    () => postmortemsApi.getRelated(entityRef),
    [postmortemsApi, entityRef],
  );

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    content = <Progress />;
  } else if (value.sameEntity.length === 0 && value.upstream.length === 0) {
    content = (
      <Typography>
        No postmortems about this entity or what it depends on.
      </Typography>
    );
  } else {
    content = (
      <>
        {value.sameEntity.length > 0 && (
          <List
            dense
            disablePadding
            aria-label="Postmortems about this entity"
            subheader={
              <ListSubheader disableGutters>This entity</ListSubheader>
            }
          >
            {value.sameEntity.slice(0, SHOWN).map(p => (
              <Line key={p.id} postmortem={p} />
            ))}
          </List>
        )}
        {value.upstream.length > 0 && (
          <List
            dense
            disablePadding
            aria-label="Postmortems upstream"
            subheader={
              <ListSubheader disableGutters>Upstream causes</ListSubheader>
            }
          >
            {value.upstream.slice(0, SHOWN).map(({ postmortem, distance }) => (
              <Line
                key={postmortem.id}
                postmortem={postmortem}
                secondary={
                  <>
                    Root cause in{' '}
                    <EntityRefLink entityRef={postmortem.rootCauseEntityRef!} />
                    ,{' '}
                    {distance === 1
                      ? 'a direct dependency'
                      : `${distance} hops upstream`}
                  </>
                }
              />
            ))}
          </List>
        )}
      </>
    );
  }
  return <InfoCard title="Related postmortems">{content}</InfoCard>;
}
