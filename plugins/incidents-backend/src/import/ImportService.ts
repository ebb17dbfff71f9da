import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ImportPlan,
  ImportPlanObject,
  ImportRequest,
  ImportVendor,
  oncallManagePermission,
} from '@lookout/plugin-incidents-common';
import { EscalationPoliciesService } from '../escalation/EscalationPoliciesService';
import { toKindRef } from '../lib/entityRefs';
import { SchedulesService } from '../oncall/SchedulesService';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { CatalogDirectory } from './CatalogDirectory';
import { compareMinuteByMinute } from './fidelity';
import { ImportApplier } from './ImportApplier';
import { LookoutState, planImport, PlannedImport } from './ImportPlanner';
import { ImportStore } from './ImportStore';
import { Stretch, VendorSource, Window } from './types';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** The proof of fidelity covers the next 8 weeks. */
export const FIDELITY_DAYS = 56;

/** Tokens and defaults from `incidents.import`; a request's own token wins. */
export interface ImportSettings {
  tokens: Partial<Record<ImportVendor, string>>;
  apiUrls: Partial<Record<ImportVendor, string>>;
  defaultOwnerRef?: string;
}

/** Builds a vendor's source for one run; the token lives only as long as the run. */
export type SourceFactory = (
  vendor: ImportVendor,
  connection: { token: string; apiUrl?: string },
) => { source: VendorSource; apiUrl: string };

/**
 * Imports from PagerDuty and Opsgenie: `plan` reads the vendor and says what every object
 * becomes and how exactly (a dry run, nothing written); `apply` plans again and writes, then
 * measures every imported schedule against the vendor's rendering once more from what Lookout
 * stored. Both need `incident.oncall.manage`; nothing here keeps the token.
 */
export class ImportService {
  constructor(
    private readonly options: {
      store: ImportStore;
      schedules: SchedulesService;
      policies: EscalationPoliciesService;
      catalog: CatalogService;
      authorizer: Pick<IncidentsAuthorizer, 'requireBasic'>;
      settings: ImportSettings;
      sources: SourceFactory;
      clock?: () => Date;
    },
  ) {}

  async plan(
    vendor: ImportVendor,
    request: ImportRequest,
    credentials: BackstageCredentials,
  ): Promise<ImportPlan> {
    await this.requireManage(credentials);
    const { planned, apiUrl } = await this.planned(
      vendor,
      request,
      credentials,
    );
    return this.report(vendor, 'plan', apiUrl, planned);
  }

  async apply(
    vendor: ImportVendor,
    request: ImportRequest,
    credentials: BackstageCredentials,
  ): Promise<ImportPlan> {
    await this.requireManage(credentials);
    const { planned, apiUrl, window } = await this.planned(
      vendor,
      request,
      credentials,
    );
    await new ImportApplier({
      store: this.options.store,
      schedules: this.options.schedules,
      policies: this.options.policies,
      clock: this.options.clock,
    }).apply(vendor, planned, credentials);
    // the proof, again, from what Lookout stored
    for (const change of planned.schedules) {
      const { object } = change;
      if (!object.target || !object.fidelity) continue;
      object.fidelity = compareMinuteByMinute(
        change.mapped.vendorRendering,
        await this.render(object.target, window),
        window,
      );
    }
    return this.report(vendor, 'apply', apiUrl, planned);
  }

  private async planned(
    vendor: ImportVendor,
    request: ImportRequest,
    credentials: BackstageCredentials,
  ) {
    const token = request.token || this.options.settings.tokens[vendor];
    if (!token) {
      throw new InputError(
        `No ${vendor} token: give one for this run, or set incidents.import.${
          vendor === 'pagerduty' ? 'pagerduty.token' : 'opsgenie.apiKey'
        } in configuration`,
      );
    }
    const apiUrl = request.apiUrl || this.options.settings.apiUrls[vendor];
    if (apiUrl && !/^https?:\/\/[^/\s]+/.test(apiUrl)) {
      throw new InputError(`apiUrl: '${apiUrl}' is not an http(s) URL`);
    }
    const defaultOwnerRef =
      request.defaultOwnerRef || this.options.settings.defaultOwnerRef;
    const source = this.options.sources(vendor, { token, apiUrl });
    const from = Math.floor(this.now().getTime() / MINUTE) * MINUTE;
    const window: Window = { from, to: from + FIDELITY_DAYS * DAY };
    const mapping = await source.source.load({
      catalog: await CatalogDirectory.read(this.options.catalog, credentials),
      window,
      ...(defaultOwnerRef
        ? {
            defaultOwnerRef: toKindRef(
              defaultOwnerRef,
              'group',
              'defaultOwnerRef',
            ),
          }
        : {}),
    });
    const planned = await planImport(
      mapping,
      await this.state(vendor, window),
      window,
    );
    return { planned, apiUrl: source.apiUrl, window };
  }

  private async state(
    vendor: ImportVendor,
    window: Window,
  ): Promise<LookoutState> {
    const records = await this.options.store.list(vendor);
    const ids = records
      .filter(r => r.kind === 'schedule')
      .map(r => r.lookoutId);
    const stored = ids.length
      ? await this.options.schedules.load(
          ids,
          new Date(window.from),
          new Date(window.to),
        )
      : [];
    return {
      records,
      schedules: new Map(
        stored.map(s => [
          s.id,
          { ...s, overrideIds: s.overrides.map(o => o.id) },
        ]),
      ),
      policies: await this.options.policies.listPolicies({}),
      render: id => this.render(id, window),
    };
  }

  /** Lookout's on-call of a stored schedule over the window, as its timeline draws it. */
  private async render(id: string, window: Window): Promise<Stretch[]> {
    const { final } = await this.options.schedules.shifts(id, {
      from: new Date(window.from).toISOString(),
      to: new Date(window.to).toISOString(),
    });
    return final.map(s => ({
      start: Date.parse(s.startsAt),
      end: Date.parse(s.endsAt),
      who: s.userRef,
    }));
  }

  private report(
    vendor: ImportVendor,
    mode: 'plan' | 'apply',
    apiUrl: string,
    planned: PlannedImport,
  ): ImportPlan {
    const objects: ImportPlanObject[] = [
      ...planned.directory,
      ...planned.schedules.flatMap(s => [
        s.object,
        ...s.overrides.map(o => o.object),
      ]),
      ...planned.policies.map(p => p.object),
    ];
    const fidelity: Record<string, number> = {};
    for (const { object } of planned.schedules) {
      if (object.fidelity) {
        fidelity[`${object.name} (${object.vendorId})`] =
          object.fidelity.matchPercent;
      }
    }
    const written = (o: ImportPlanObject) =>
      ['create', 'update', 'delete'].includes(o.action);
    return {
      vendor,
      mode,
      apiUrl,
      generatedAt: this.now().toISOString(),
      objects,
      summary: {
        planned: objects.length,
        imported: mode === 'apply' ? objects.filter(written).length : 0,
        skipped: objects.filter(o => o.action === 'skip').length,
        unchanged: objects.filter(o => o.action === 'unchanged').length,
        fidelity,
      },
    };
  }

  private requireManage(credentials: BackstageCredentials): Promise<void> {
    return this.options.authorizer.requireBasic(
      oncallManagePermission,
      credentials,
    );
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}
