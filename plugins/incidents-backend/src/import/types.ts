import {
  EscalationTarget,
  ImportPlanObject,
  ImportVendor,
  ScheduleInput,
} from '@lookout/plugin-incidents-common';
import { CatalogDirectory } from './CatalogDirectory';

/** A half-open stretch `[start, end)` in epoch milliseconds and who holds it. */
export interface Stretch {
  start: number;
  end: number;
  who: string;
}

/** The 8 weeks every schedule is rendered and compared over. */
export interface Window {
  from: number;
  to: number;
}

/** A vendor override as Lookout will hold it. */
export interface MappedOverride {
  vendorId: string;
  userRef: string;
  startsAt: string;
  endsAt: string;
}

/** A vendor schedule mapped to a Lookout schedule, with the vendor's own rendering of it. */
export interface MappedSchedule {
  vendorId: string;
  name: string;
  /** Absent when the schedule cannot be imported; `skipReason` says why. */
  input?: ScheduleInput;
  skipReason?: string;
  notExact: string[];
  overrides: MappedOverride[];
  /** Overrides that cannot be imported, with why. */
  skippedOverrides: ImportPlanObject[];
  /** Who the vendor says is on call over the window (several at once in Opsgenie). */
  vendorRendering: Stretch[];
}

/** A level target before schedules have Lookout ids: a vendor schedule by its vendor id. */
export type PlannedTarget =
  | EscalationTarget
  | { type: 'vendor_schedule'; vendorId: string };

/** Who is paged when, minutes after the alert, in order: what two policies must agree on. */
export interface Firing {
  minute: number;
  targets: string[];
}

export interface MappedPolicy {
  vendorId: string;
  name: string;
  input?: {
    name: string;
    ownerRef: string;
    repeat: number;
    levels: Array<{ delayMinutes: number; targets: PlannedTarget[] }>;
  };
  skipReason?: string;
  notExact: string[];
  /** The vendor's firings, to compare with Lookout's (`escalationTiming`). */
  vendorFirings: Firing[];
}

/** What a vendor source hands the planner: everything fetched and mapped, nothing written. */
export interface VendorMapping {
  vendor: ImportVendor;
  apiUrl: string;
  /** Users, teams and services, matched to the catalog or not. */
  directory: ImportPlanObject[];
  schedules: MappedSchedule[];
  policies: MappedPolicy[];
}

/** What a source needs to map: the catalog as the caller sees it, the window, a fallback owner. */
export interface MappingContext {
  catalog: CatalogDirectory;
  window: Window;
  defaultOwnerRef?: string;
}

/** A vendor's API, fetched and mapped. */
export interface VendorSource {
  load(context: MappingContext): Promise<VendorMapping>;
}
