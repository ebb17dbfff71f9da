import { SupportReport } from '@lookout/plugin-incidents-common';

/** "zendesk 35436", a link to the ticket in its helpdesk when the helpdesk gave one. */
export function TicketLink(props: {
  report: Pick<SupportReport, 'provider' | 'ticketId' | 'ticketUrl'>;
}) {
  const { report } = props;
  return report.ticketUrl ? (
    <a href={report.ticketUrl} target="_blank" rel="noopener noreferrer">
      {report.provider} {report.ticketId}
    </a>
  ) : (
    <>{`${report.provider} ${report.ticketId}`}</>
  );
}
