import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { BlastRadiusSummary, Incident } from '@lookout/plugin-incidents-common';
import { actorRef } from './actors';
import { IncidentChange, IncidentChangeStream } from './IncidentChangeStream';
import { parseIncidentId } from './incidentIds';
import { IncidentsStore } from './IncidentsStore';

/** What an incident on the entity hurts, as the caller may see it; recorded on the timeline. */
export type BlastRadiusOf = (
  entityRef: string,
  credentials: BackstageCredentials,
) => Promise<BlastRadiusSummary>;

/** What announcing a committed change needs. */
export interface IncidentAnnouncerDeps {
  /** The incidents store outside any transaction, for what follows a commit. */
  store: IncidentsStore;
  logger: LoggerService;
  /** Where every committed change is published (signals, paging, triage, notifiers). */
  incidentChanges: IncidentChangeStream;
  /** What an incident on the entity hurts, recorded on a new incident's timeline. */
  blastRadius?: BlastRadiusOf;
  clock?: () => Date;
}

/**
 * What follows a committed incident change, for the people's rules (IncidentsService) and for
 * the alert ingestion writer alike: a new incident gets its blast radius on its timeline, and
 * the change goes out on the change stream.
 */
export class IncidentAnnouncer {
  constructor(private readonly options: IncidentAnnouncerDeps) {}

  /**
   * Publishes a committed change. A new incident first gets its blast radius, as
   * `credentials` see it.
   */
  async announce(
    change: IncidentChange,
    credentials: BackstageCredentials,
  ): Promise<void> {
    if (change.type === 'declared') {
      await this.recordBlastRadius(change.incident, credentials);
    }
    await this.publish(change);
  }

  /** A subscriber's failure is logged by the stream: it never undoes or fails the change. */
  async publish(change: IncidentChange): Promise<void> {
    await this.options.incidentChanges.publish(change);
  }

  /**
   * Appends what the incident's origin hurts right now, so history shows what was hit at the
   * time. A graph that cannot answer must not fail the declaration; it is logged instead.
   */
  async recordBlastRadius(
    incident: Incident,
    credentials: BackstageCredentials,
  ): Promise<void> {
    if (!this.options.blastRadius) return;
    try {
      const summary = await this.options.blastRadius(
        incident.entityRef,
        credentials,
      );
      await this.options.store.appendEvents(parseIncidentId(incident.id), [
        {
          type: 'blast_radius',
          actor: actorRef(credentials),
          at: (this.options.clock?.() ?? new Date()).toISOString(),
          data: { ...summary },
        },
      ]);
    } catch (error) {
      this.options.logger.warn(
        `Could not record the blast radius of ${incident.id}: ${error}`,
      );
    }
  }
}
