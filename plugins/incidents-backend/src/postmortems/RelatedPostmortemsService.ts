import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  PostmortemMatch,
  RelatedPostmortems,
} from '@lookout/plugin-incidents-common';
import { parseIncidentId } from '../incidents/incidentIds';
import { normalizeRef } from '../lib/entityRefs';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { PostmortemAccess } from './postmortemAccess';
import { PostmortemsStore } from './PostmortemsStore';
import { normalizeTag } from './searchTerms';

const MAX_RELATED = 50;

/** Postmortems that bear on an entity or an incident: its own, upstream ones, repeats. */
export class RelatedPostmortemsService {
  constructor(
    private readonly options: {
      store: PostmortemsStore;
      access: PostmortemAccess;
      authorizer: Pick<IncidentsAuthorizer, 'readCondition'>;
      /** What the entity depends on, as the caller may see it: the graph's upstream walk. */
      upstream: (
        entityRef: string,
        credentials: BackstageCredentials,
      ) => Promise<Array<{ entityRef: string; distance: number }>>;
    },
  ) {}

  /**
   * Postmortems about the entity itself (its incidents, or a root cause found in it), and those
   * whose root cause was in something it depends on: the same upstream cause may hit it too.
   */
  async forEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<RelatedPostmortems> {
    const ref = normalizeRef(entityRef, 'entityRef');
    const condition = await this.options.authorizer.readCondition(credentials);
    const { items: sameEntity } = await this.options.store.listPostmortems({
      entityRef: ref,
      condition,
      limit: MAX_RELATED,
    });
    const upstream = (await this.options.upstream(ref, credentials)).filter(
      u => u.entityRef !== ref,
    );
    const distance = new Map(upstream.map(u => [u.entityRef, u.distance]));
    const { items } = upstream.length
      ? await this.options.store.listPostmortems({
          entityRefs: [...distance.keys()],
          condition,
          limit: MAX_RELATED,
        })
      : { items: [] };
    const seen = new Set(sameEntity.map(p => p.id));
    return {
      sameEntity,
      upstream: items
        .filter(p => p.rootCauseEntityRef && distance.has(p.rootCauseEntityRef))
        .filter(p => !seen.has(p.id))
        .map(p => ({
          postmortem: p,
          distance: distance.get(p.rootCauseEntityRef!)!,
        }))
        .sort((a, b) => a.distance - b.distance),
    };
  }

  /**
   * "This happened before": earlier published postmortems on the incident's origin (as origin
   * or as root cause). Once the incident's cause is known (its `cause` label, or its own
   * postmortem's category), only those with the same cause category match.
   */
  async recurrence(
    incidentId: string,
    credentials: BackstageCredentials,
  ): Promise<PostmortemMatch[]> {
    const incident = await this.options.access.readIncident(
      incidentId,
      credentials,
    );
    const [own] = await this.options.store.getByIncidents([
      parseIncidentId(incident.id),
    ]);
    const cause =
      (incident.labels.cause && normalizeTag(incident.labels.cause)) ||
      own?.causeCategory ||
      undefined;
    const entityRefs = [
      ...new Set([
        incident.entityRef,
        own?.rootCauseEntityRef ?? incident.entityRef,
      ]),
    ];
    const condition = await this.options.authorizer.readCondition(credentials);
    const { items } = await this.options.store.listPostmortems({
      entityRefs,
      status: ['published'],
      to: incident.declaredAt,
      condition,
      limit: MAX_RELATED,
    });
    return items
      .filter(p => p.incidentId !== incident.id)
      .flatMap((postmortem): PostmortemMatch[] => {
        if (!cause) return [{ postmortem, match: 'entity' }];
        return postmortem.causeCategory === cause
          ? [{ postmortem, match: 'cause' }]
          : [];
      });
  }
}
