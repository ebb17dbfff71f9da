import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Severity } from '@lookout/plugin-incidents-common';
import { IncidentChatHost } from '@lookout/plugin-incidents-node';
import { CommandRunner, refusal } from '../commands/CommandRunner';
import { InteractionPayload, ViewState } from '../http/slackPayloads';
import { SlackClient, slackErrorCode } from '../slack/SlackClient';
import {
  declareModal,
  ENTITY_ACTION,
  ENTITY_BLOCK,
  option,
  OPTION_MAX,
} from './declareModal';

type Payload<T extends InteractionPayload['type']> = Extract<
  InteractionPayload,
  { type: T }
>;

/** The kinds an incident starts on; people and groups are not where things break. */
const DECLARABLE_KINDS = ['component', 'resource', 'api', 'system', 'domain'];
/** Slack shows at most 100 options. */
const MAX_OPTIONS = 100;

/**
 * The declare form in Slack: the catalog entities the picker offers as the user types, the
 * blast radius preview once they pick one, and the declaration on submit, as the user.
 */
export class DeclareForm {
  constructor(
    private readonly options: {
      host: IncidentChatHost;
      slack: SlackClient;
      commands: CommandRunner;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  /**
   * Opens the form. A trigger_id expires three seconds after the command, so this call goes
   * to Slack at once instead of waiting in the work queue.
   */
  async open(triggerId: string, channelId: string): Promise<void> {
    await this.options.slack.openView(triggerId, declareModal(channelId));
  }

  /**
   * `block_suggestion`: catalog entities whose name or title contain what the user typed, for
   * a user Lookout knows (anyone else could not declare, so they are offered nothing).
   */
  async suggest(
    payload: Payload<'block_suggestion'>,
  ): Promise<{ options: Array<ReturnType<typeof option>> }> {
    const term = payload.value.trim();
    if (
      payload.block_id !== ENTITY_BLOCK ||
      payload.action_id !== ENTITY_ACTION ||
      !term
    ) {
      return { options: [] };
    }
    const actor = await this.options.commands.actorFor(payload.user.id);
    if (!('userEntityRef' in actor)) return { options: [] };
    const { items } = await this.options.catalog.queryEntities(
      {
        filter: { kind: DECLARABLE_KINDS },
        fullTextFilter: { term, fields: ['metadata.name', 'metadata.title'] },
        orderFields: { field: 'metadata.name', order: 'asc' },
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.title',
        ],
        limit: MAX_OPTIONS,
      },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    return {
      options: items
        .map(entity => ({
          ref: stringifyEntityRef(entity),
          label: `${entity.metadata.title ?? entity.metadata.name} (${
            entity.kind
          })`,
        }))
        // an option's value holds at most 75 characters; a longer ref cannot be offered
        .filter(entry => entry.ref.length <= OPTION_MAX)
        .map(option),
    };
  }

  /**
   * A pick in the entity picker: the same form again, with how many entities and which teams
   * an incident there would hurt. Done after Slack has its answer; a form that changed in
   * between (`hash_conflict`) was picked again, and that pick brings its own preview.
   */
  async select(payload: Payload<'block_actions'>): Promise<void> {
    const { view } = payload;
    const picked = payload.actions.find(
      a => a.block_id === ENTITY_BLOCK && a.action_id === ENTITY_ACTION,
    )?.selected_option;
    if (!view?.id || !picked) return;
    const actor = await this.options.commands.actorFor(payload.user.id);
    if (!('userEntityRef' in actor)) return;
    const entity = {
      ref: picked.value,
      label: picked.text?.text ?? picked.value,
    };
    const radius = await this.options.host
      .blastRadius(entity.ref)
      .catch((error: Error) => ({ problem: error.message }));
    try {
      await this.options.slack.updateView(
        view.id,
        view.hash,
        declareModal(view.private_metadata ?? '', { entity, radius }),
      );
    } catch (error) {
      if (slackErrorCode(error) !== 'hash_conflict') throw error;
    }
  }

  /** `view_submission`: declares as the user, or tells them on the form what to fix. */
  async submit(payload: Payload<'view_submission'>): Promise<object> {
    const actor = await this.options.commands.actorFor(payload.user.id);
    if (!('userEntityRef' in actor)) {
      return {
        response_action: 'errors',
        errors: { title: actor.text.slice(0, 150) },
      };
    }
    const field = (block: string) => inputOf(payload.view.state, block);
    try {
      await actor.declare({
        title: field('title'),
        entityRef: field(ENTITY_BLOCK),
        severity: field('severity') as Severity,
        ...(field('description') ? { description: field('description') } : {}),
      });
      return { response_action: 'clear' };
    } catch (error) {
      return {
        response_action: 'errors',
        errors: { [ENTITY_BLOCK]: refusal(error).slice(0, 150) },
      };
    }
  }
}

/** What an input of the form holds: its text, or the value of the option picked. */
function inputOf(state: ViewState, block: string): string {
  const input = state.values[block]?.value;
  return input?.value ?? input?.selected_option?.value ?? '';
}
