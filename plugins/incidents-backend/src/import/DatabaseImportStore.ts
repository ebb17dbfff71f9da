import { ImportVendor } from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { toDate, toIso } from '../database/timestamps';
import { ImportRecord, ImportStore, RecordKind } from './ImportStore';

const TABLE = 'incidents_import_records';

interface RecordRow {
  vendor: string;
  kind: string;
  vendor_id: string;
  parent_vendor_id: string | null;
  lookout_id: string;
  source_hash: string;
  lookout_version: number | null;
  imported_at: Date | number | string;
}

/** The knex implementation of {@link ImportStore}, on SQLite and PostgreSQL alike. */
export class DatabaseImportStore implements ImportStore {
  static create(options: { knex: Knex }): DatabaseImportStore {
    return new DatabaseImportStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async list(vendor: ImportVendor): Promise<ImportRecord[]> {
    const rows = await this.db<RecordRow>(TABLE)
      .where({ vendor })
      .orderBy(['kind', 'vendor_id']);
    return rows.map(row => ({
      vendor: row.vendor as ImportVendor,
      kind: row.kind as RecordKind,
      vendorId: row.vendor_id,
      ...(row.parent_vendor_id ? { parentVendorId: row.parent_vendor_id } : {}),
      lookoutId: row.lookout_id,
      sourceHash: row.source_hash,
      ...(row.lookout_version !== null
        ? { lookoutVersion: Number(row.lookout_version) }
        : {}),
      importedAt: toIso(row.imported_at),
    }));
  }

  async put(record: ImportRecord): Promise<void> {
    await this.db<RecordRow>(TABLE)
      .insert({
        vendor: record.vendor,
        kind: record.kind,
        vendor_id: record.vendorId,
        parent_vendor_id: record.parentVendorId ?? null,
        lookout_id: record.lookoutId,
        source_hash: record.sourceHash,
        lookout_version: record.lookoutVersion ?? null,
        imported_at: toDate(record.importedAt)!,
      })
      .onConflict(['vendor', 'kind', 'vendor_id'])
      .merge();
  }

  async remove(
    vendor: ImportVendor,
    kind: RecordKind,
    vendorId: string,
  ): Promise<void> {
    await this.db(TABLE).where({ vendor, kind, vendor_id: vendorId }).delete();
  }
}
