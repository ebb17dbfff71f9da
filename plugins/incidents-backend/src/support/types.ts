export {
  ANNOTATION_SUPPORT_PRODUCT,
  SUPPORT_PROVIDERS,
  SUPPORT_REPORT_STATUSES,
} from '@lookout/plugin-incidents-common';
export type {
  CustomerImpact,
  EscalateSupportReportRequest,
  ListSupportReportsQuery,
  SupportCoverage,
  SupportDurationFigure,
  SupportFigures,
  SupportNotice,
  SupportNoticeKind,
  SupportNoticeStatus,
  SupportProvider,
  SupportReport,
  SupportReportStatus,
  SupportShare,
  SupportSuggestion,
} from '@lookout/plugin-incidents-common';

/** One ticket event as a helpdesk delivered it, in Lookout's words. */
export interface TicketEvent {
  /** Unique per delivery that means something new: the helpdesk's event id, or a body hash. */
  eventKey: string;
  ticketId: string;
  ticketUrl: string | null;
  subject: string;
  description: string;
  requester: string | null;
  organization: string | null;
  product: string | null;
  tags: string[];
  ticketStatus: string | null;
  /** When the helpdesk says the event happened; an older event never overwrites a newer. */
  eventAt: string;
}
