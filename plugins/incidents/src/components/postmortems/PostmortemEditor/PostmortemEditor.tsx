import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  Postmortem,
  PostmortemStatus,
  postmortemManagePermission,
} from '@lookout/plugin-incidents-common';
import { postmortemsApiRef } from '../../../api/postmortems';
import {
  useActionPermission,
  useIncidentAction,
  useRefresh,
} from '../../../hooks';
import { postmortemsRouteRef } from '../../../routes';
import { IncidentTimeline } from '../../incidents/IncidentTimeline';
import { PermittedAction } from '../../shared/PermittedAction';
import { postmortemStatusLabel } from '../PostmortemsTable';
import { DetailPage } from '../../shared/DetailPage';
import { ActionItemsPanel } from './ActionItemsPanel';
import { DetailsForm } from './DetailsForm';
import { ReviewPanel } from './ReviewPanel';
import { SectionEditor } from './SectionEditor';
import { Row } from '../../shared/Row';

/** The moves a postmortem's status offers, as button labels. */
const MOVES: Record<PostmortemStatus, Array<[PostmortemStatus, string]>> = {
  draft: [
    ['in_review', 'Submit for review'],
    ['published', 'Publish'],
  ],
  in_review: [
    ['published', 'Publish'],
    ['draft', 'Back to draft'],
  ],
  published: [['draft', 'Reopen as draft']],
};

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.click();
  URL.revokeObjectURL(url);
}

/**
 * One postmortem (`/incidents/postmortems/:postmortemId`): its sections, each edited and saved on
 * its own, the timeline derived from the incident, review, status and action items.
 */
export function PostmortemEditor() {
  const { postmortemId = '' } = useParams();
  const postmortemsApi = useApi(postmortemsApiRef);
  const identityApi = useApi(identityApiRef);
  const [version, refresh] = useRefresh();
  const {
    run,
    busy,
    error: actionError,
    clearError,
  } = useIncidentAction(refresh);
  const manage = useActionPermission({
    permission: postmortemManagePermission,
  });

  const { value: me } = useAsync(
    async () => (await identityApi.getBackstageIdentity()).userEntityRef,
    [identityApi],
  );
  const { value, error } = useAsync(async () => {
    const postmortem = await postmortemsApi.getPostmortem(postmortemId);
    return { requested: postmortemId, postmortem };
  }, [postmortemsApi, postmortemId, version]);

  if (!value || value.requested !== postmortemId) {
    return (
      <DetailPage
        title="Postmortem"
        type="Postmortems"
        typeRoute={postmortemsRouteRef}
      >
        {error ? <ResponseErrorPanel error={error} /> : <Progress />}
      </DetailPage>
    );
  }

  const postmortem: Postmortem = value.postmortem;
  // Without incident.postmortem.manage the postmortem is read like a published one; reviewing
  // stays open to the reviewers, the backend asks nothing more of them.
  const readOnly = postmortem.status === 'published' || !manage.allowed;
  return (
    <DetailPage
      title={postmortem.title}
      subtitle={postmortem.incidentId}
      type="Postmortems"
      typeRoute={postmortemsRouteRef}
    >
      {actionError && (
        <Alert
          severity="error"
          onClose={clearError}
          style={{ marginBottom: 16 }}
        >
          {actionError}
        </Alert>
      )}
      {manage.reason && (
        <Alert severity="info" style={{ marginBottom: 16 }}>
          {manage.reason}; you can read this postmortem and review it if you are
          a reviewer.
        </Alert>
      )}
      <Row gap={8}>
        <Chip
          label={postmortemStatusLabel(postmortem.status)}
          color={postmortem.status === 'published' ? 'primary' : 'default'}
        />
        {MOVES[postmortem.status].map(([to, label]) => (
          <PermittedAction key={to} permission={postmortemManagePermission}>
            <Button
              variant={to === 'published' ? 'contained' : 'outlined'}
              color="primary"
              disabled={busy}
              onClick={() =>
                run(() =>
                  postmortemsApi.transitionPostmortem(postmortem.id, to),
                )
              }
            >
              {label}
            </Button>
          </PermittedAction>
        ))}
        <Button
          disabled={busy}
          onClick={() =>
            run(async () =>
              download(
                `postmortem-${postmortem.incidentId}.md`,
                await postmortemsApi.getMarkdown(postmortem.id),
              ),
            )
          }
        >
          Export Markdown
        </Button>
      </Row>
      <Grid container spacing={3}>
        <Grid item xs={12} md={8}>
          <InfoCard title="Postmortem">
            {postmortem.sections.map(section =>
              section.derived ? (
                <Box component="section" mb={3} key={section.key}>
                  <Typography variant="h6">{section.title}</Typography>
                  <Typography variant="caption" color="textSecondary">
                    From the incident's timeline; add a note to the incident to
                    change it.
                  </Typography>
                  <IncidentTimeline events={postmortem.timeline} />
                </Box>
              ) : (
                <SectionEditor
                  // one editor per section, so a draft survives the refetch after any other change
                  key={section.key}
                  postmortemId={postmortem.id}
                  section={section}
                  readOnly={readOnly}
                  onSaved={refresh}
                />
              ),
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={4}>
          <Box mb={3}>
            <DetailsForm
              postmortem={postmortem}
              readOnly={readOnly}
              busy={busy}
              onSave={request =>
                run(() =>
                  postmortemsApi.updatePostmortem(postmortem.id, request),
                )
              }
            />
          </Box>
          <ReviewPanel
            postmortem={postmortem}
            me={me}
            busy={busy}
            onAdd={userRef =>
              run(() => postmortemsApi.addReviewer(postmortem.id, userRef))
            }
            onRemove={userRef =>
              run(() => postmortemsApi.removeReviewer(postmortem.id, userRef))
            }
            onReview={(decision, comment) =>
              run(() =>
                postmortemsApi.review(postmortem.id, { decision, comment }),
              )
            }
          />
        </Grid>
        <Grid item xs={12}>
          <ActionItemsPanel
            items={postmortem.actionItems}
            busy={busy}
            onCreate={request =>
              run(() => postmortemsApi.createActionItem(postmortem.id, request))
            }
            onStatus={(item, status) =>
              run(() =>
                postmortemsApi.updateActionItem(postmortem.id, item.id, {
                  status,
                  version: item.version,
                }),
              )
            }
            onDelete={item =>
              run(() => postmortemsApi.deleteActionItem(postmortem.id, item.id))
            }
          />
        </Grid>
      </Grid>
    </DetailPage>
  );
}
