// Insights: the mission's own success figures, measured from the event log. Durations are in
// seconds and reported as median, p90 and n, never as a bare mean; shares are 0..1 with the
// numerator and denominator they come from.

import { IncidentSource, Severity } from './types';

/**
 * A person's time zone for on-call load (an IANA name such as `Europe/Berlin`), on their User
 * entity. Without it the zone of an on-call schedule they are on is used, then the configured
 * default.
 */
export const ANNOTATION_TIME_ZONE = 'lookout.dev/time-zone';

/**
 * Median and 90th percentile of n values. Both engines use one definition, PostgreSQL's
 * `percentile_cont`: for sorted values x[0..n-1] the p-th percentile is read at position
 * p·(n−1), interpolating linearly between the two values around it. Null when n is 0.
 */
export interface Distribution {
  median: number | null;
  p90: number | null;
  n: number;
}

/** numerator ÷ denominator, null when the denominator is 0. */
export interface Share {
  share: number | null;
  numerator: number;
  denominator: number;
}

/** `week` is the Monday (UTC) that starts the week, as YYYY-MM-DD. */
export type Weekly<T> = T & { week: string };

export interface DurationFigure extends Distribution {
  /** What is measured, in words. */
  definition: string;
  /** The mission's target in seconds, where it has one. */
  targetSeconds?: number;
  weekly: Array<Weekly<Distribution>>;
}

export interface ShareFigure extends Share {
  definition: string;
  /** The mission's target as 0..1, where it has one. */
  target?: number;
  weekly: Array<Weekly<Share>>;
}

export const INSIGHTS_STATUSES = [
  'triage',
  'investigating',
  'identified',
  'monitoring',
] as const;
export type InsightsStatus = (typeof INSIGHTS_STATUSES)[number];

/** The response steps automation coverage counts, each done by Lookout or by a person. */
export const AUTOMATION_STEPS = [
  'opened',
  'paged',
  'triaged',
  'drafted',
  'timeline',
] as const;
export type AutomationStep = (typeof AUTOMATION_STEPS)[number];

export interface AutomationStepCount {
  step: AutomationStep;
  /** What counts as this step, in words. */
  counts: string;
  automated: number;
  manual: number;
}

/** Pages one person (or one team) received, by the hour of their own clock. */
export interface OnCallLoad {
  /** Monday to Friday 08:00–18:00. */
  business: number;
  /** Outside business and sleep hours: weekday evenings 18:00–22:00, weekend days. */
  off: number;
  /** 22:00–08:00, every day. */
  sleep: number;
  total: number;
  /** Nights (22:00–08:00) with at least one page. */
  nightsWithPage: number;
}

export interface PersonOnCallLoad extends OnCallLoad {
  userRef: string;
  /** The IANA zone the hours were read in. */
  timeZone: string;
}

export interface TeamOnCallLoad extends OnCallLoad {
  /** The group whose escalation paged; null when the incident had none. */
  teamRef: string | null;
}

/**
 * The filters of `GET /api/incidents/insights`, as a client asks for them: without `to` the
 * range ends now, without `from` it is the 28 days before `to`.
 */
export interface InsightsRequest {
  from?: string;
  to?: string;
  groupRef?: string;
  entityRef?: string;
  severity?: Severity[];
  source?: IncidentSource[];
}

/** The filters of an insights request, as the backend applied them. */
export interface InsightsQuery {
  from: string;
  to: string;
  groupRef?: string;
  entityRef?: string;
  severity?: Severity[];
  source?: IncidentSource[];
}

/** `GET /api/incidents/insights` */
export interface IncidentInsights {
  query: InsightsQuery;
  /** Incidents in scope (merged duplicates left out): declared in [from, to). */
  incidents: { n: number; weekly: Array<{ week: string; n: number }> };
  response: {
    firstPage: DurationFigure;
    triageReady: DurationFigure;
    acknowledged: DurationFigure;
  };
  resolve: {
    resolved: DurationFigure;
    inStatus: Record<InsightsStatus, DurationFigure>;
  };
  customersNotified: {
    statusPage: ShareFigure;
    /** Support reporters told of the resolution through their helpdesk. */
    supportReporters: ShareFigure;
    /** Both together: every notice due to a customer, by either way. */
    all: ShareFigure;
  };
  automation: ShareFigure & { steps: AutomationStepCount[] };
  recurrence: {
    within30Days: ShareFigure;
    within90Days: ShareFigure;
    /** Action items of the postmortems of the incidents that repeats within 90 days followed. */
    actionItems: {
      definition: string;
      done: number;
      open: number;
      overdue: number;
    };
  };
  onCallLoad: {
    definition: string;
    people: PersonOnCallLoad[];
    teams: TeamOnCallLoad[];
  };
  changeFailure: {
    windowHours: number;
    rate: ShareFigure;
    timeToRecover: DurationFigure;
  };
}

/** The mission's targets; figures without one carry none. */
export const INSIGHTS_TARGETS = {
  /** Response within 2–5 minutes: the upper end. */
  responseSeconds: 300,
  /** Resolution within 30 minutes to 2 hours: the upper end. */
  resolveSeconds: 7200,
  customersNotified: 0.98,
  automation: 0.85,
} as const;

/** Every figure's definition in words, shown beside it and sent with it. */
export const INSIGHTS_DEFINITIONS = {
  firstPage:
    'From the first alert of the incident (or its declaration, if earlier or without alerts) to the first page delivered to a person.',
  triageReady:
    'From the first alert (or declaration) to the triage Lookout keeps for the incident being computed.',
  acknowledged:
    'From the first alert (or declaration) to the first acknowledgement.',
  resolved:
    'From the first alert (or declaration) to the first time the incident was resolved.',
  inStatus:
    'Time the incident spent in this status, summed over its visits, from entering it to the next status change; incidents that never left it are not counted.',
  statusPage:
    'Status-page notices delivered to subscribers ÷ notices that were due (delivered, failed or still pending), over public incidents published from these incidents.',
  supportReporters:
    'Support reports linked to these incidents whose resolution reply the helpdesk confirmed ÷ linked reports a resolution reply was due for (each report once).',
  customersNotified:
    'Status-page notices delivered and support reporters told of the resolution ÷ all that were due, both ways together.',
  automation:
    'Response steps Lookout did itself ÷ all response steps, Lookout’s and people’s. A step is done by Lookout when its actor is not a person (user:…).',
  recurrence30:
    'Incidents with an earlier incident on the same origin, or whose postmortem names the same confirmed cause, declared at most 30 days before ÷ incidents.',
  recurrence90:
    'Incidents with an earlier incident on the same origin, or whose postmortem names the same confirmed cause, declared at most 90 days before ÷ incidents.',
  actionItems:
    'Action items of the postmortems of the incidents that repeats followed (for each repeat within 90 days, the latest earlier incident on its origin or with its cause): done (or won’t do), open, and open past their due date.',
  onCallLoad:
    'Pages delivered for these incidents, by the hour on each person’s own clock: business Monday–Friday 08:00–18:00, sleep 22:00–08:00, off the rest; a night counts once however many pages it had.',
  changeFailure:
    'Deploys (change events) on the entities in scope followed within the window by an incident on the deployed entity or on one downstream of it in the catalog (what depends on it), as its origin or an impacted entity ÷ deploys.',
  timeToRecover:
    'From a failed deploy to the first resolution of the first incident that followed it.',
} as const;

/** The automation steps and what each counts, as the API and the page show them. */
export const AUTOMATION_STEP_DEFINITIONS: Record<AutomationStep, string> = {
  opened:
    'Incidents opened: by an alert or integration (Lookout) or declared by a person.',
  paged:
    'Pages: sent by an escalation policy step (Lookout) or by a person reassigning the incident.',
  triaged:
    'Triage: a triage Lookout computed for the incident; a severity changed by a person.',
  drafted:
    'Status-page updates published and postmortems created, by Lookout or by a person.',
  timeline:
    'Timeline entries (status changes, notes, roles, runbook steps, blast radius, alerts resolved, merges) recorded by Lookout or by a person.',
};
