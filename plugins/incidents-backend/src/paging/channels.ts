import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationSeverity } from '@backstage/plugin-notifications-common';
import { Severity } from '@lookout/plugin-incidents-common';
import { PageRecord } from './PagingStore';
import { PageContent } from './pageContent';

/** One way a page reaches a person. */
export interface PageChannel {
  readonly name: string;
  send(page: PageRecord, content: PageContent): Promise<void>;
}

const NOTIFICATION_SEVERITY: Record<Severity, NotificationSeverity> = {
  SEV1: 'critical',
  SEV2: 'high',
  SEV3: 'normal',
  SEV4: 'low',
};

/**
 * Backstage's notifications plugin: the portal's bell, and whatever of its modules the backend
 * runs (email, Slack) forward it to the user entity.
 */
export class NotificationsChannel implements PageChannel {
  readonly name = 'notifications';

  constructor(private readonly notifications: NotificationService) {}

  async send(page: PageRecord, content: PageContent): Promise<void> {
    await this.notifications.send({
      recipients: { type: 'entity', entityRef: page.userRef },
      payload: {
        title: content.title,
        description: content.description,
        link: content.incidentUrl,
        severity: NOTIFICATION_SEVERITY[content.incident.severity],
        topic: 'lookout-page',
        // one notification per page: a retried delivery replaces it instead of adding one
        scope: `lookout-page:${page.id}`,
      },
    });
  }
}
