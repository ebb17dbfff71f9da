import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  Schedule,
  ScheduleInput,
  ScheduleOverride,
  ScheduleShiftsResponse,
} from '@lookout/plugin-incidents-common';
import { IANAZone } from 'luxon';
import { randomUUID } from 'node:crypto';
import { actorRef } from '../incidents/actors';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { toKindRef } from '../lib/entityRefs';
import { comingRange } from '../lib/timeRanges';
import { OnCallEntities } from './catalogRefs';
import { normalizeLayer } from './normalizeLayer';
import { OnCallStore, StoredSchedule } from './OnCallStore';
import { scheduleShifts } from './scheduleMath';
import { updatedOrThrow } from './versions';
import { requireOnCallManage } from './requireOnCallManage';

const DAY = 86_400_000;
/** The longest range the timeline may ask for at once. */
const MAX_RANGE_DAYS = 92;

export interface NewOverride {
  userRef: string;
  startsAt: string;
  endsAt: string;
  replacesUserRef?: string;
}

/**
 * The rules of schedules and their overrides. Reading needs only a signed-in caller; changes
 * need `incident.oncall.manage`. Escalation policies and the on-call answer read schedules
 * through `stored` and `load`.
 */
export class SchedulesService {
  constructor(
    private readonly options: {
      store: OnCallStore;
      entities: OnCallEntities;
      authorizer: Pick<IncidentsAuthorizer, 'requireBasic'>;
      clock?: () => Date;
    },
  ) {}

  async listSchedules(query: { ownerRef?: string }): Promise<Schedule[]> {
    const stored = await this.options.store.listSchedules({
      ownerRefs: query.ownerRef
        ? [toKindRef(query.ownerRef, 'group', 'ownerRef')]
        : undefined,
    });
    return this.withOverrides(stored, this.now());
  }

  async getSchedule(id: string): Promise<Schedule> {
    const stored = await this.options.store.getSchedule(id);
    if (!stored) throw new NotFoundError(`No schedule ${id}`);
    const [schedule] = await this.withOverrides([stored], this.now());
    return schedule;
  }

  async createSchedule(
    input: ScheduleInput,
    credentials: BackstageCredentials,
  ): Promise<Schedule> {
    await requireOnCallManage(this.options.authorizer, credentials);
    const valid = await this.validateSchedule(input, credentials);
    const now = this.now().toISOString();
    const stored = await this.options.store.createSchedule({
      id: randomUUID(),
      ...valid,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    return { ...stored, overrides: [] };
  }

  async updateSchedule(
    id: string,
    input: ScheduleInput & { version: number },
    credentials: BackstageCredentials,
  ): Promise<Schedule> {
    await requireOnCallManage(this.options.authorizer, credentials);
    const valid = await this.validateSchedule(input, credentials);
    const result = await this.options.store.updateSchedule(id, input.version, {
      ...valid,
      updatedAt: this.now().toISOString(),
    });
    const [schedule] = await this.withOverrides(
      [updatedOrThrow(result, `schedule ${id}`, input.version)],
      this.now(),
    );
    return schedule;
  }

  async deleteSchedule(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await requireOnCallManage(this.options.authorizer, credentials);
    const users = await this.options.store.policiesUsingSchedule(id);
    if (users.length > 0) {
      throw new ConflictError(
        `Schedule ${id} is paged by escalation policies ${users
          .map(n => `"${n}"`)
          .join(', ')}; remove it from them first`,
      );
    }
    if (!(await this.options.store.deleteSchedule(id))) {
      throw new NotFoundError(`No schedule ${id}`);
    }
  }

  /** Every layer's shifts and the final on-call over `[from, to)`, for the timeline. */
  async shifts(
    id: string,
    range: { from?: string; to?: string },
  ): Promise<ScheduleShiftsResponse> {
    const from = range.from ? new Date(range.from) : this.now();
    const to = range.to
      ? new Date(range.to)
      : new Date(from.getTime() + 14 * DAY);
    if (to <= from) throw new InputError('to must be after from');
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY) {
      throw new InputError(
        `from and to may be at most ${MAX_RANGE_DAYS} days apart`,
      );
    }
    const stored = await this.options.store.getSchedule(id);
    if (!stored) throw new NotFoundError(`No schedule ${id}`);
    const [schedule] = await this.load([stored.id], from, to, [stored]);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      overrides: schedule.overrides,
      ...scheduleShifts(schedule, from, to),
    };
  }

  async addOverride(
    scheduleId: string,
    request: NewOverride,
    credentials: BackstageCredentials,
  ): Promise<ScheduleOverride> {
    await requireOnCallManage(this.options.authorizer, credentials);
    const schedule = await this.options.store.getSchedule(scheduleId);
    if (!schedule) throw new NotFoundError(`No schedule ${scheduleId}`);
    const { startsAt, endsAt } = comingRange(
      request,
      this.now(),
      'an override',
    );
    const userRef = toKindRef(request.userRef, 'user', 'userRef');
    const replacesUserRef =
      request.replacesUserRef &&
      toKindRef(request.replacesUserRef, 'user', 'replacesUserRef');
    await this.options.entities.requireKinds(
      [userRef, ...(replacesUserRef ? [replacesUserRef] : [])],
      'user',
      credentials,
    );
    const [clash] = await this.options.store.listOverrides([scheduleId], {
      from: startsAt.toISOString(),
      to: endsAt.toISOString(),
    });
    if (clash) {
      throw new InputError(
        `The override overlaps override ${clash.id} (${clash.userRef}, ${clash.startsAt} to ` +
          `${clash.endsAt}); change its times or delete that override first`,
      );
    }
    return this.options.store.addOverride(scheduleId, {
      id: randomUUID(),
      userRef,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      ...(replacesUserRef ? { replacesUserRef } : {}),
      createdBy: actorRef(credentials),
      createdAt: this.now().toISOString(),
    });
  }

  async deleteOverride(
    scheduleId: string,
    overrideId: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await requireOnCallManage(this.options.authorizer, credentials);
    if (!(await this.options.store.deleteOverride(scheduleId, overrideId))) {
      throw new NotFoundError(
        `No override ${overrideId} on schedule ${scheduleId}`,
      );
    }
  }

  // ---- reads for escalation policies and the on-call answer ----

  /** Stored schedules (without overrides) by owner or id, by name. */
  stored(filter: {
    ownerRefs?: string[];
    ids?: string[];
  }): Promise<StoredSchedule[]> {
    return this.options.store.listSchedules(filter);
  }

  /** Schedules with the overrides that touch `[from, to)`. */
  async load(
    ids: string[],
    from: Date,
    to: Date,
    known?: StoredSchedule[],
  ): Promise<Schedule[]> {
    if (ids.length === 0) return [];
    const stored = known ?? (await this.options.store.listSchedules({ ids }));
    const overrides = await this.options.store.listOverrides(
      stored.map(s => s.id),
      { from: from.toISOString(), to: to.toISOString() },
    );
    return stored.map(s => ({
      ...s,
      overrides: overrides
        .filter(o => o.scheduleId === s.id)
        .map(({ scheduleId: _, ...o }) => o),
    }));
  }

  // ---- internals ----

  /** Schedules with their overrides that have not ended. */
  private async withOverrides(
    stored: StoredSchedule[],
    now: Date,
  ): Promise<Schedule[]> {
    const overrides = await this.options.store.listOverrides(
      stored.map(s => s.id),
      { from: now.toISOString() },
    );
    return stored.map(s => ({
      ...s,
      overrides: overrides
        .filter(o => o.scheduleId === s.id)
        .map(({ scheduleId: _, ...o }) => o),
    }));
  }

  private async validateSchedule(
    input: ScheduleInput,
    credentials: BackstageCredentials,
  ): Promise<ScheduleInput> {
    if (!IANAZone.isValidZone(input.timeZone)) {
      throw new InputError(
        `timeZone: unknown time zone "${input.timeZone}"; use an IANA name such as Europe/Berlin`,
      );
    }
    const ownerRef = toKindRef(input.ownerRef, 'group', 'ownerRef');
    const names = new Set<string>();
    const layers = input.layers.map((layer, index) => {
      const where = `layers[${index}]`;
      if (names.has(layer.name)) {
        throw new InputError(`${where}: two layers are named "${layer.name}"`);
      }
      names.add(layer.name);
      return normalizeLayer(layer, input.timeZone, where);
    });
    await this.options.entities.requireKinds([ownerRef], 'group', credentials);
    await this.options.entities.requireKinds(
      [...new Set(layers.flatMap(l => l.members))],
      'user',
      credentials,
    );
    return { name: input.name, ownerRef, timeZone: input.timeZone, layers };
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}
