import { ImportVendor } from '@lookout/plugin-incidents-common';

export type RecordKind = 'schedule' | 'override' | 'escalation_policy';

/** One vendor object an import wrote, and what it knew when it did. */
export interface ImportRecord {
  vendor: ImportVendor;
  kind: RecordKind;
  vendorId: string;
  /** An override's schedule (vendor id). */
  parentVendorId?: string;
  lookoutId: string;
  /** SHA-256 of the mapped vendor object, to see whether the vendor changed it. */
  sourceHash: string;
  /** The Lookout version the import left; a later version is a person's edit. */
  lookoutVersion?: number;
  importedAt: string;
}

/** Persistence of what imports wrote. */
export interface ImportStore {
  list(vendor: ImportVendor): Promise<ImportRecord[]>;
  /** Inserts or replaces the record of `(vendor, kind, vendorId)`. */
  put(record: ImportRecord): Promise<void>;
  remove(
    vendor: ImportVendor,
    kind: RecordKind,
    vendorId: string,
  ): Promise<void>;
}
