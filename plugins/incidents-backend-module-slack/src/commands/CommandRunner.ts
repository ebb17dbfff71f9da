import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  Incident,
  IncidentPagesResponse,
  OnCallPage,
} from '@lookout/plugin-incidents-common';
import {
  IncidentChatActor,
  IncidentChatHost,
} from '@lookout/plugin-incidents-node';
import { ChannelStore } from '../channels/ChannelStore';
import { ChannelSync } from '../channels/ChannelSync';
import { SLACK_USER_ID_ANNOTATION, SlackPeople } from '../people/SlackPeople';
import { NamedRefs } from './NamedRefs';
import { ChatCommand, helpText } from './parseCommand';

/** What Slack shows: `ephemeral` to the caller only, `in_channel` to everyone. */
export interface CommandAnswer {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
}

/**
 * Runs chat commands as the Backstage user the Slack member maps to, through the incidents
 * backend's chat host, which refuses what that user may not do and says why.
 */
export class CommandRunner {
  constructor(
    private readonly options: {
      host: IncidentChatHost;
      store: ChannelStore;
      people: SlackPeople;
      channels: ChannelSync;
      names: NamedRefs;
      command: string;
      logger: LoggerService;
    },
  ) {}

  /** The user a Slack member acts as, or the private answer explaining how to link them. */
  async actorFor(
    slackUserId: string,
  ): Promise<IncidentChatActor | CommandAnswer> {
    const userRef = await this.options.people.userRefOf(slackUserId);
    if (!userRef) {
      return ephemeral(
        `Lookout does not know who you are in Backstage, so it cannot act for you. Your Slack ` +
          `account links to your Backstage User when that entity has the annotation ` +
          `\`${SLACK_USER_ID_ANNOTATION}: ${slackUserId}\` or the same e-mail as your Slack ` +
          `profile. Ask whoever maintains the catalog to add it, then try again.`,
      );
    }
    return this.options.host.actAs(userRef);
  }

  async run(
    command: ChatCommand,
    context: { slackUserId: string; channelId: string },
  ): Promise<CommandAnswer> {
    const { command: slash } = this.options;
    if (command.name === 'help') return ephemeral(helpText(slash));
    if (command.name === 'unknown') {
      return ephemeral(`${command.problem}.\n\n${helpText(slash)}`);
    }
    const actor = await this.actorFor(context.slackUserId);
    if (!('userEntityRef' in actor)) return actor;
    try {
      if (command.name === 'declare') {
        return ephemeral('Opening the declare form…');
      }
      const incidentId =
        command.incidentId ??
        (await this.options.store.byChannel(context.channelId))?.incidentId;
      if (!incidentId) {
        return ephemeral(
          `This channel belongs to no incident: name one, for example \`${slash} ${command.name} INC-42\`.`,
        );
      }
      return await this.runFor(actor, incidentId, command);
    } catch (error) {
      return ephemeral(refusal(error));
    }
  }

  /** One command on one incident, for a user already mapped (the buttons' way in too). */
  async runFor(
    actor: IncidentChatActor,
    incidentId: string,
    command: ChatCommand,
  ): Promise<CommandAnswer> {
    const who = actor.userEntityRef;
    switch (command.name) {
      case 'channel': {
        await actor.get(incidentId);
        await this.options.channels.requestChannel(incidentId);
        return ephemeral(`The channel of ${incidentId} is on its way.`);
      }
      case 'ack': {
        const incident = await actor.acknowledge(incidentId);
        return inChannel(
          `${who} acknowledged ${incident.id}; escalation stops.`,
        );
      }
      case 'status': {
        const incident = await actor.transition(incidentId, {
          to: command.status,
          ...(command.note ? { note: command.note } : {}),
        });
        return inChannel(`${who} moved ${incident.id} to ${incident.status}.`);
      }
      case 'severity': {
        const severity = command.severity;
        const incident = await onLatest(actor, incidentId, current =>
          actor.update(incidentId, { version: current.version, severity }),
        );
        return inChannel(`${who} set ${incident.id} to ${incident.severity}.`);
      }
      case 'escalate': {
        const answer = await actor.escalate(incidentId);
        await this.options.channels.requestSync(incidentId);
        return inChannel(`${who} ${escalated(incidentId, answer)}`);
      }
      case 'page': {
        const target = await this.options.names.pageTarget(command.who);
        const pages = await actor.page(incidentId, target);
        if (command.message) {
          await actor.addNote(
            incidentId,
            `Paged ${target}: ${command.message}`,
          );
        }
        await this.options.channels.requestSync(incidentId);
        return inChannel(
          `${who} paged ${paged(pages)} for ${incidentId}${
            command.message ? `: ${command.message}` : '.'
          }`,
        );
      }
      case 'assign': {
        const userRef = await this.options.names.userRef(command.who);
        const incident = await actor.assignRole(incidentId, {
          role: command.role,
          userRef,
        });
        return inChannel(
          `${who} made ${userRef} ${command.role} of ${incident.id}.`,
        );
      }
      case 'note': {
        await actor.addNote(incidentId, command.markdown);
        return ephemeral(`Noted on the timeline of ${incidentId}.`);
      }
      case 'resolve': {
        const incident = await actor.transition(incidentId, {
          to: 'resolved',
          ...(command.note ? { note: command.note } : {}),
        });
        return inChannel(`${who} resolved ${incident.id}.`);
      }
      default:
        return ephemeral(helpText(this.options.command));
    }
  }
}

/**
 * A change computed from the incident as read: when someone else changed it in between (409),
 * read it again and recompute, as a person would, a few times.
 */
async function onLatest(
  actor: IncidentChatActor,
  incidentId: string,
  change: (current: Incident) => Promise<Incident>,
): Promise<Incident> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await change(await actor.get(incidentId));
    } catch (error) {
      if (!isError(error) || error.name !== 'ConflictError' || attempt >= 3) {
        throw error;
      }
    }
  }
}

/** What escalating did: the level it fired and whom that paged. */
function escalated(incidentId: string, answer: IncidentPagesResponse): string {
  const escalation = answer.escalation;
  if (!escalation) return `escalated ${incidentId}.`;
  const fired = answer.items.filter(
    p => p.level === escalation.level && p.round === escalation.round,
  );
  const level = `level ${escalation.level} of ${escalation.policyName}`;
  return fired.length
    ? `escalated ${incidentId} to ${level}: paged ${paged(fired)}.`
    : `escalated ${incidentId} to ${level}, which reaches nobody right now.`;
}

/** The people pages went to, by name, with how each was reached. */
function paged(pages: OnCallPage[]): string {
  return pages
    .map(p => {
      const name = p.userRef.replace(/^user:(default\/)?/, '');
      return p.channels.length ? `${name} (${p.channels.join(', ')})` : name;
    })
    .join(', ');
}

export function ephemeral(text: string): CommandAnswer {
  return { response_type: 'ephemeral', text };
}

function inChannel(text: string): CommandAnswer {
  return { response_type: 'in_channel', text };
}

/** A refusal as the user reads it: the incidents backend's own reason. */
export function refusal(error: unknown): string {
  if (!isError(error)) return `That did not work: ${String(error)}`;
  if (error.name === 'NotAllowedError') return `Refused. ${error.message}`;
  if (error.name === 'NotFoundError') return `Not found: ${error.message}`;
  return `That did not work: ${error.message}`;
}
