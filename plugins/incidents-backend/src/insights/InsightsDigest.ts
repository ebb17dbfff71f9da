import {
  AuthService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { digestText } from './digestText';
import { InsightsService } from './InsightsService';
import { InsightsStore } from './InsightsStore';

const DAY_MS = 86_400_000;
export const INSIGHTS_DIGEST_TASK = 'incidents-insights-weekly-digest';
/** Mondays at 08:00 UTC: the week that just ended. */
const DEFAULT_SCHEDULE = '0 8 * * 1';

/**
 * The weekly digest: every team that owned an incident in the last two weeks gets its figures
 * for the week that just ended (Monday to Monday, UTC) against the week before and the
 * mission's targets, through Backstage notifications (and whatever email or Slack module the
 * backend runs), with a link to its Insights page.
 */
export class InsightsDigest {
  constructor(
    private readonly options: {
      insights: Pick<InsightsService, 'insights'>;
      store: Pick<InsightsStore, 'teamsWithIncidents'>;
      notifications: Pick<NotificationService, 'send'>;
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** Sends the digest of the week before `now`; answers how many teams got one. */
  async run(): Promise<number> {
    const { insights, store, notifications, auth, logger } = this.options;
    const now = this.options.now?.() ?? new Date();
    // the Monday (UTC) that starts the current week
    const today = Date.UTC(
      now.getUTCFullYear(),
      now.getUTCMonth(),
      now.getUTCDate(),
    );
    const weekEnd = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY_MS;
    const iso = (ms: number) => new Date(ms).toISOString();
    const week = { from: iso(weekEnd - 7 * DAY_MS), to: iso(weekEnd) };
    const lastWeek = { from: iso(weekEnd - 14 * DAY_MS), to: week.from };

    const credentials = await auth.getOwnServiceCredentials();
    const teams = await store.teamsWithIncidents(lastWeek.from, week.to);
    for (const groupRef of teams) {
      try {
        const [current, previous] = await Promise.all([
          insights.insights({ ...week, groupRef }, credentials),
          insights.insights({ ...lastWeek, groupRef }, credentials),
        ]);
        await notifications.send({
          recipients: { type: 'entity', entityRef: groupRef },
          payload: {
            title: `Incident insights, week of ${week.from.slice(0, 10)}`,
            description: digestText(current, previous),
            link: `/incidents/insights?groupRef=${encodeURIComponent(
              groupRef,
            )}`,
            severity: 'low',
            topic: 'lookout-insights',
            // one digest per team and week, however often the task runs
            scope: `lookout-insights:${groupRef}:${week.from.slice(0, 10)}`,
          },
        });
      } catch (error) {
        // one team's trouble (a group gone from the catalog) does not cost the others theirs
        logger.warn(`Insights digest for ${groupRef} failed: ${error}`);
      }
    }
    return teams.length;
  }
}

/**
 * Runs the digest on `incidents.insights.digest.schedule` (a cron expression, default Mondays
 * 08:00 UTC) when `incidents.insights.digest.enabled` is true; once across replicas.
 */
export async function scheduleInsightsDigest(options: {
  config: RootConfigService;
  scheduler: SchedulerService;
  digest: InsightsDigest | undefined;
}): Promise<boolean> {
  const { config, scheduler, digest } = options;
  if (
    !digest ||
    !config.getOptionalBoolean('incidents.insights.digest.enabled')
  ) {
    return false;
  }
  await scheduler.scheduleTask({
    id: INSIGHTS_DIGEST_TASK,
    scope: 'global',
    frequency: {
      cron:
        config.getOptionalString('incidents.insights.digest.schedule') ??
        DEFAULT_SCHEDULE,
    },
    timeout: { minutes: 30 },
    fn: async () => {
      await digest.run();
    },
  });
  return true;
}
