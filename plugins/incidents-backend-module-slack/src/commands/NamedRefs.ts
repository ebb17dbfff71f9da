import { AuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SLACK_USER_ID_ANNOTATION, SlackPeople } from '../people/SlackPeople';

/** A member mention as Slack writes it in a command's text: `<@U123>` or `<@U123|ann>`. */
const MEMBER_MENTION = /^<@([A-Z0-9]+)(\|[^>]*)?>$/;
/** A Slack user group mention: `<!subteam^S123|@db-team>`. */
const GROUP_MENTION = /^<!subteam\^[A-Z0-9]+\|@?([^>]+)>$/;

/**
 * The catalog entity a command names someone by: a Slack mention (through the member's
 * mapping), a full entity ref, or a bare name (`@bob`, `db-team`) in the default namespace.
 */
export class NamedRefs {
  constructor(
    private readonly options: {
      people: SlackPeople;
      catalog: CatalogService;
      auth: AuthService;
    },
  ) {}

  /** The User a role goes to. */
  async userRef(who: string): Promise<string> {
    const mention = who.match(MEMBER_MENTION);
    if (mention) return this.mappedUser(who, mention[1]);
    const name = who.replace(/^@/, '');
    return name.includes(':') ? name : `user:default/${name}`;
  }

  /**
   * Whom a page goes to: a person, or a team (its on-call). A bare name is a User when the
   * catalog has one by that name, else a Group; a Slack user group's handle names a Group.
   */
  async pageTarget(who: string): Promise<string> {
    const mention = who.match(MEMBER_MENTION);
    if (mention) return this.mappedUser(who, mention[1]);
    const group = who.match(GROUP_MENTION);
    if (group) return this.firstKnown(who, [`group:default/${group[1]}`]);
    const name = who.replace(/^@/, '');
    if (name.includes(':')) return name;
    return this.firstKnown(who, [
      `user:default/${name}`,
      `group:default/${name}`,
    ]);
  }

  private async mappedUser(who: string, slackId: string): Promise<string> {
    const ref = await this.options.people.userRefOf(slackId);
    if (!ref) {
      throw new InputError(
        `${who} has no Backstage User (annotation ${SLACK_USER_ID_ANNOTATION} or the same e-mail)`,
      );
    }
    return ref;
  }

  private async firstKnown(who: string, refs: string[]): Promise<string> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    for (const ref of refs) {
      if (await this.options.catalog.getEntityByRef(ref, { credentials })) {
        return ref;
      }
    }
    throw new InputError(
      `Nobody in the catalog is called ${who}: name a person (@someone, user:default/name) ` +
        `or a team (group:default/name)`,
    );
  }
}
