import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SlackClient } from '../slack/SlackClient';

/** The annotation on a User entity that names its Slack member ID. */
export const SLACK_USER_ID_ANNOTATION = 'slack.com/user-id';

const TTL_MS = 10 * 60_000;

/**
 * Maps Backstage users to Slack members and back: the `slack.com/user-id` annotation on the
 * User entity first, else the entity's e-mail (`users.lookupByEmail`, `users.info`). Answers
 * are kept ten minutes; people rarely change accounts mid-incident.
 */
export class SlackPeople {
  private readonly toSlack = new Map<string, { id?: string; until: number }>();
  private readonly toUser = new Map<string, { ref?: string; until: number }>();

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      slack: SlackClient;
      logger: LoggerService;
    },
  ) {}

  /** Slack member IDs of these users; users without one are left out. */
  async slackIds(userRefs: string[]): Promise<string[]> {
    const ids = await Promise.all(userRefs.map(ref => this.slackIdOf(ref)));
    return [...new Set(ids.filter((id): id is string => !!id))];
  }

  async slackIdOf(userRef: string): Promise<string | undefined> {
    const cached = this.toSlack.get(userRef);
    if (cached && cached.until > Date.now()) return cached.id;
    const entity = await this.options.catalog.getEntityByRef(userRef, {
      credentials: await this.options.auth.getOwnServiceCredentials(),
    });
    let id = entity?.metadata.annotations?.[SLACK_USER_ID_ANNOTATION];
    const email = (entity?.spec?.profile as { email?: string } | undefined)
      ?.email;
    if (!id && email) id = await this.options.slack.lookupByEmail(email);
    this.toSlack.set(userRef, { id, until: Date.now() + TTL_MS });
    return id;
  }

  /** The User entity ref of a Slack member, or undefined when none maps to them. */
  async userRefOf(slackUserId: string): Promise<string | undefined> {
    const cached = this.toUser.get(slackUserId);
    if (cached && cached.until > Date.now()) return cached.ref;
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const byAnnotation = await this.options.catalog.getEntities(
      {
        filter: {
          kind: 'User',
          [`metadata.annotations.${SLACK_USER_ID_ANNOTATION}`]: slackUserId,
        },
      },
      { credentials },
    );
    let user: Entity | undefined = byAnnotation.items[0];
    if (!user) {
      const email = await this.options.slack
        .emailOf(slackUserId)
        .catch(error => {
          this.options.logger.warn(
            `users.info for ${slackUserId} failed: ${error}`,
          );
          return undefined;
        });
      if (email) {
        const byEmail = await this.options.catalog.getEntities(
          { filter: { kind: 'User', 'spec.profile.email': email } },
          { credentials },
        );
        user = byEmail.items[0];
      }
    }
    const ref = user ? stringifyEntityRef(user) : undefined;
    this.toUser.set(slackUserId, { ref, until: Date.now() + TTL_MS });
    return ref;
  }
}
