import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  EscalationTarget,
  ImportPlanObject,
  ImportVendor,
} from '@lookout/plugin-incidents-common';
import { EscalationPoliciesService } from '../escalation/EscalationPoliciesService';
import { SchedulesService } from '../oncall/SchedulesService';
import { ImportStore } from './ImportStore';
import { PlannedImport, PolicyChange, ScheduleChange } from './ImportPlanner';

/**
 * Writes a plan through the same services people use, so imported schedules and policies are
 * ordinary Lookout objects that pass every rule a person's would. Each write is recorded with
 * the vendor's hash and the Lookout version it left. A write Lookout refuses turns its object
 * into a skip with Lookout's reason; the rest goes on.
 */
export class ImportApplier {
  constructor(
    private readonly options: {
      store: ImportStore;
      schedules: Pick<
        SchedulesService,
        'createSchedule' | 'updateSchedule' | 'addOverride' | 'deleteOverride'
      >;
      policies: Pick<
        EscalationPoliciesService,
        'createPolicy' | 'updatePolicy'
      >;
      clock?: () => Date;
    },
  ) {}

  async apply(
    vendor: ImportVendor,
    plan: PlannedImport,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const scheduleIds = new Map<string, string>();
    for (const change of plan.schedules) {
      await this.attempt(change.object, () =>
        this.applySchedule(vendor, change, credentials),
      );
      if (change.object.target && change.object.action !== 'skip') {
        scheduleIds.set(change.mapped.vendorId, change.object.target);
      } else if (change.record && change.object.target) {
        // edited in Lookout since: policies still page it
        scheduleIds.set(change.mapped.vendorId, change.object.target);
      }
    }
    for (const change of plan.policies) {
      await this.attempt(change.object, () =>
        this.applyPolicy(vendor, change, scheduleIds, credentials),
      );
    }
  }

  private async applySchedule(
    vendor: ImportVendor,
    change: ScheduleChange,
    credentials: BackstageCredentials,
  ) {
    const { schedules, store } = this.options;
    const { object, mapped } = change;
    if (object.action === 'create' || object.action === 'update') {
      const written =
        object.action === 'create'
          ? await schedules.createSchedule(mapped.input!, credentials)
          : await schedules.updateSchedule(
              object.target!,
              { ...mapped.input!, version: change.record!.lookoutVersion! },
              credentials,
            );
      object.target = written.id;
      await store.put({
        vendor,
        kind: 'schedule',
        vendorId: mapped.vendorId,
        lookoutId: written.id,
        sourceHash: change.hash,
        lookoutVersion: written.version,
        importedAt: this.now(),
      });
    }
    const scheduleId = object.target;
    for (const o of change.overrides) {
      if (
        !scheduleId ||
        o.object.action === 'skip' ||
        o.object.action === 'unchanged'
      ) {
        continue;
      }
      await this.attempt(o.object, async () => {
        if (o.object.action === 'delete' || o.object.action === 'update') {
          if (o.object.action === 'delete' && o.object.reason) {
            await store.remove(vendor, 'override', o.object.vendorId);
            return;
          }
          await schedules
            .deleteOverride(scheduleId, o.record!.lookoutId, credentials)
            .catch(error => {
              // a person may have removed it already; that is the state wanted
              if (error?.name !== 'NotFoundError') throw error;
            });
          if (o.object.action === 'delete') {
            await store.remove(vendor, 'override', o.object.vendorId);
            return;
          }
        }
        const added = await schedules.addOverride(
          scheduleId,
          {
            userRef: o.mapped!.userRef,
            startsAt: o.mapped!.startsAt,
            endsAt: o.mapped!.endsAt,
          },
          credentials,
        );
        o.object.target = added.id;
        await store.put({
          vendor,
          kind: 'override',
          vendorId: o.object.vendorId,
          parentVendorId: mapped.vendorId,
          lookoutId: added.id,
          sourceHash: o.hash,
          importedAt: this.now(),
        });
      });
    }
  }

  private async applyPolicy(
    vendor: ImportVendor,
    change: PolicyChange,
    scheduleIds: Map<string, string>,
    credentials: BackstageCredentials,
  ) {
    const { object, mapped } = change;
    if (object.action !== 'create' && object.action !== 'update') return;
    const levels = mapped.input!.levels.map(level => ({
      delayMinutes: level.delayMinutes,
      targets: level.targets.map((t): EscalationTarget => {
        if (t.type !== 'vendor_schedule') return t;
        const id = scheduleIds.get(t.vendorId);
        if (!id)
          throw new InputError(`schedule ${t.vendorId} was not imported`);
        return { type: 'schedule', scheduleId: id };
      }),
    }));
    const input = { ...mapped.input!, levels };
    const written =
      object.action === 'create'
        ? await this.options.policies.createPolicy(input, credentials)
        : await this.options.policies.updatePolicy(
            object.target!,
            { ...input, version: change.record!.lookoutVersion! },
            credentials,
          );
    object.target = written.id;
    await this.options.store.put({
      vendor,
      kind: 'escalation_policy',
      vendorId: mapped.vendorId,
      lookoutId: written.id,
      sourceHash: change.hash,
      lookoutVersion: written.version,
      importedAt: this.now(),
    });
  }

  /** Runs a write; a refusal becomes the object's skip reason instead of ending the run. */
  private async attempt(object: ImportPlanObject, write: () => Promise<void>) {
    try {
      await write();
    } catch (error) {
      const e = error as Error;
      if (!['InputError', 'ConflictError', 'NotFoundError'].includes(e.name)) {
        throw error;
      }
      object.action = 'skip';
      object.reason = `Lookout refused it: ${e.message}`;
    }
  }

  private now(): string {
    return (this.options.clock?.() ?? new Date()).toISOString();
  }
}
