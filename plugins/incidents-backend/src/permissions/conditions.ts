import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';

/** What a permission rule asks of an incident row: one of its ref columns is among `values`. */
export interface IncidentQuery {
  property: 'owner_ref' | 'commander_ref' | 'entity_ref';
  values: string[];
}

/** The SQL form of a conditional decision, so lists are filtered by the database. */
export type IncidentCondition = PermissionCriteria<IncidentQuery>;

export function applyCondition(
  query: Knex.QueryBuilder,
  condition: IncidentCondition,
  table = 'i',
): void {
  if ('allOf' in condition) {
    query.where(all => {
      for (const inner of condition.allOf) {
        all.andWhere(q => applyCondition(q, inner, table));
      }
    });
  } else if ('anyOf' in condition) {
    query.where(any => {
      for (const inner of condition.anyOf) {
        any.orWhere(q => applyCondition(q, inner, table));
      }
    });
  } else if ('not' in condition) {
    query.whereNot(q => applyCondition(q, condition.not, table));
  } else {
    const values = condition.values.map(v => v.toLocaleLowerCase('en-US'));
    if (values.length === 0) {
      query.whereRaw('1 = 0');
    } else {
      query.whereIn(`${table}.${condition.property}`, values);
    }
  }
}
