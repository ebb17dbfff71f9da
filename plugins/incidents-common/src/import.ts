// The wire shapes of importing from PagerDuty and Opsgenie: a plan lists every vendor object,
// what it becomes in Lookout and how exactly; applying it answers the same shape with what was
// written, and the fidelity measured again on the stored schedules.

export const IMPORT_VENDORS = ['pagerduty', 'opsgenie'] as const;
export type ImportVendor = (typeof IMPORT_VENDORS)[number];

export type ImportObjectKind =
  | 'user'
  | 'team'
  | 'service'
  | 'schedule'
  | 'override'
  | 'escalation_policy';

/**
 * What happens to an object: people, teams and services are `matched` to catalog entities
 * (the catalog is their home, the import never writes it); schedules, overrides and policies
 * are created, updated or left `unchanged`; anything that cannot be mapped is `skipped`.
 */
export type ImportAction =
  | 'matched'
  | 'create'
  | 'update'
  | 'unchanged'
  | 'delete'
  | 'skip';

/** Who was on call by the vendor's rendering and by Lookout's, over a stretch of minutes. */
export interface FidelityMismatch {
  startsAt: string;
  endsAt: string;
  /** User entity refs, or `<vendor>:<id>` for a vendor user not in the catalog. */
  vendor: string[];
  lookout: string[];
}

/** A schedule's on-call in Lookout compared minute by minute with the vendor's own rendering. */
export interface ScheduleFidelity {
  from: string;
  to: string;
  minutes: number;
  matchingMinutes: number;
  /** 100 × matchingMinutes / minutes, to two decimals. */
  matchPercent: number;
  /** Every mismatched stretch, consecutive minutes with the same difference joined. */
  mismatches: FidelityMismatch[];
}

export interface ImportPlanObject {
  kind: ImportObjectKind;
  vendorId: string;
  name: string;
  action: ImportAction;
  /** The entity ref or Lookout id it maps to, when it maps to one. */
  target?: string;
  /** Why it is skipped, or what applying did instead of what was planned. */
  reason?: string;
  /** False with `notExact` saying why when Lookout cannot express the vendor object exactly. */
  exact: boolean;
  notExact: string[];
  /** Schedules only: the measured match against the vendor's rendering. */
  fidelity?: ScheduleFidelity;
}

export interface ImportSummary {
  planned: number;
  imported: number;
  skipped: number;
  unchanged: number;
  /** Schedule name (and vendor id) → match percentage. */
  fidelity: Record<string, number>;
}

export interface ImportPlan {
  vendor: ImportVendor;
  /** `plan` for a dry run, `apply` once written. */
  mode: 'plan' | 'apply';
  apiUrl: string;
  generatedAt: string;
  objects: ImportPlanObject[];
  summary: ImportSummary;
}

/** The body of `POST /import/{vendor}/plan` and `/apply`. */
export interface ImportRequest {
  /** Another API base than the vendor's public one (a proxy, the EU region, a test server). */
  apiUrl?: string;
  /** The vendor token for this run; without it, the one in configuration. Never stored. */
  token?: string;
  /** The group that owns schedules and policies no team or service maps to. */
  defaultOwnerRef?: string;
}
