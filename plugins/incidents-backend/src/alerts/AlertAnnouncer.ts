import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { AlertIncidentWriter } from '../incidents/AlertIncidentWriter';
import { IncidentChange } from '../incidents/IncidentChangeStream';
import { UpdateThrottle } from './UpdateThrottle';

/** How often alerts joining one incident are announced at most. */
const UPDATE_INTERVAL_MS = 1000;

/** Announces the incident changes that alert transactions committed, as the plugin itself. */
export class AlertAnnouncer {
  constructor(
    private readonly options: {
      alertIncidents: Pick<AlertIncidentWriter, 'announce'>;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  /**
   * Announces committed changes. An incident opened, transitioned (resolved, reopened) or
   * acknowledged is announced at once, every time. "Alerts joined it" is announced at once
   * too, then at most once per incident per second while alerts keep joining: every live
   * update, escalation and triage hook reacts to an incident change, and an incident that
   * takes a hundred alerts a second must not make them recompute a hundred times a second.
   * The last one always goes out, and a weightier change supersedes a waiting one.
   */
  async announce(changes: IncidentChange[]): Promise<void> {
    const now = changes.filter(change => {
      if (change.type === 'updated') return this.updates.admit(change);
      this.updates.superseded(change.incident.id);
      return true;
    });
    if (now.length === 0) return;
    const credentials = await this.options.auth.getOwnServiceCredentials();
    for (const change of now) {
      await this.options.alertIncidents.announce(change, credentials);
    }
  }

  /** The waiting "alerts joined" announcement of each incident, sent when its second is up. */
  private readonly updates = new UpdateThrottle(UPDATE_INTERVAL_MS, change =>
    this.options.auth
      .getOwnServiceCredentials()
      .then(credentials =>
        this.options.alertIncidents.announce(change, credentials),
      )
      .catch(error =>
        this.options.logger.warn(
          `Announcing ${change.incident.id} failed: ${error}`,
        ),
      ),
  );
}
