import { ReactNode } from 'react';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { IncidentLink as IncidentLinkType } from '@lookout/plugin-incidents-common';
import { Alert } from '@lookout/plugin-incidents-common';
import { alertLinks } from './alertLinks';
import { formatDateTime } from '../../shared/durations';
import { LoadMore } from '../../shared/LoadMore';

const useStyles = makeStyles(theme => ({
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    marginTop: theme.spacing(0.5),
  },
  links: { display: 'flex', gap: theme.spacing(1.5), flexWrap: 'wrap' },
  nowrap: { whiteSpace: 'nowrap' },
}));

export interface AlertsTableProps {
  /** Names the table for assistive technology. */
  label: string;
  alerts: Alert[];
  /** Integration names by id; an alert whose integration is unknown shows its source alone. */
  integrationNames?: Map<string, string>;
  /** Adds the Entity column, for lists that span many entities. */
  showEntity?: boolean;
  /** Adds a last column of per-alert actions. */
  renderActions?: (alert: Alert) => ReactNode;
  emptyContent: ReactNode;
  /** Shows "Load more" below the table when given. */
  onLoadMore?: () => void;
  loading?: boolean;
}

function StatusChip(props: { status: Alert['status'] }) {
  return (
    <Chip
      size="small"
      label={props.status}
      color={props.status === 'firing' ? 'secondary' : 'default'}
    />
  );
}

function Links(props: { links: IncidentLinkType[] }) {
  const classes = useStyles();
  if (props.links.length === 0) return null;
  return (
    <div className={classes.links}>
      {props.links.map(link => (
        <Link key={link.url} to={link.url}>
          {link.title}
        </Link>
      ))}
    </div>
  );
}

/** Alerts as a responder scans them: firing or not, what, from where, how often, since when. */
export function AlertsTable(props: AlertsTableProps) {
  const { alerts, integrationNames, showEntity, renderActions } = props;
  const classes = useStyles();
  if (alerts.length === 0) return <>{props.emptyContent}</>;
  return (
    <>
      <Table size="small" aria-label={props.label}>
        <TableHead>
          <TableRow>
            <TableCell>Status</TableCell>
            <TableCell>Alert</TableCell>
            {showEntity && <TableCell>Entity</TableCell>}
            <TableCell>Source</TableCell>
            <TableCell align="right">Occurrences</TableCell>
            <TableCell>First seen</TableCell>
            <TableCell>Last seen</TableCell>
            {renderActions && <TableCell>Actions</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {alerts.map(alert => {
            const integration = integrationNames?.get(alert.integrationId);
            return (
              <TableRow key={alert.id}>
                <TableCell>
                  <StatusChip status={alert.status} />
                </TableCell>
                <TableCell>
                  <Typography variant="body2">{alert.summary}</Typography>
                  {alert.suppressedBy && (
                    <Typography variant="caption" color="textSecondary">
                      Under maintenance: paged nobody
                    </Typography>
                  )}
                  <div className={classes.chips}>
                    {Object.entries(alert.labels).map(([name, value]) => (
                      <Chip
                        key={name}
                        size="small"
                        variant="outlined"
                        label={`${name}=${value}`}
                      />
                    ))}
                  </div>
                  <Links links={alertLinks(alert)} />
                </TableCell>
                {showEntity && (
                  <TableCell>
                    {alert.entityRef && (
                      <EntityRefLink entityRef={alert.entityRef} />
                    )}
                  </TableCell>
                )}
                <TableCell>
                  {integration
                    ? `${alert.source} · ${integration}`
                    : alert.source}
                </TableCell>
                <TableCell align="right">{alert.occurrences}</TableCell>
                <TableCell className={classes.nowrap}>
                  {formatDateTime(alert.firstSeenAt)}
                </TableCell>
                <TableCell className={classes.nowrap}>
                  {formatDateTime(alert.lastSeenAt)}
                </TableCell>
                {renderActions && <TableCell>{renderActions(alert)}</TableCell>}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <LoadMore onLoadMore={props.onLoadMore} loading={props.loading} />
    </>
  );
}
