import useAsync from 'react-use/esm/useAsync';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { supportApiRef } from '../../../api/support';
import { IncidentLink } from '../../incidents/IncidentLink';
import { WrappedListItemText } from '../../shared/WrappedListItemText';

/** A card lists the latest few; the Support page has the rest. */
const SHOWN = 5;

/**
 * For a service's page: what customers report about it (reports that name the entity, by its
 * `lookout.dev/support-product` annotation, name or title), which wait for an agent, and which
 * belong to an incident.
 */
export function EntitySupportCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const supportApi = useApi(supportApiRef);
  const { value, error } = useAsync(
    () => supportApi.listReports({ entityRef, limit: 100 }),
    [supportApi, entityRef],
  );

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    content = <Progress />;
  } else if (value.items.length === 0) {
    content = <Typography>No customer has reported a problem here.</Typography>;
  } else {
    const reports = value.items;
    const open = reports.filter(r => r.status === 'open').length;
    const organisations = new Set(
      reports.map(r => r.organization).filter(Boolean),
    ).size;
    content = (
      <>
        <Typography>
          {reports.length}
          {value.nextCursor ? '+' : ''}{' '}
          {reports.length === 1 ? 'report' : 'reports'} from {organisations}{' '}
          {organisations === 1 ? 'organisation' : 'organisations'}; {open}{' '}
          waiting for an agent.
        </Typography>
        <List dense disablePadding aria-label="Customer reports">
          {reports.slice(0, SHOWN).map(report => (
            <ListItem key={report.id} disableGutters alignItems="flex-start">
              <WrappedListItemText
                primary={report.subject}
                secondary={
                  <>
                    {report.organization ?? report.requester ?? 'a customer'},{' '}
                    {new Date(report.reportedAt).toLocaleString()}
                    {' — '}
                    {report.incidentId ? (
                      <IncidentLink id={report.incidentId} />
                    ) : (
                      'open'
                    )}
                  </>
                }
              />
            </ListItem>
          ))}
        </List>
      </>
    );
  }
  return <InfoCard title="Customer reports">{content}</InfoCard>;
}
