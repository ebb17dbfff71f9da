import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';

/**
 * What the graph keeps of each entity so that the catalog's permission rules can be decided
 * in memory (see readConditions), beyond the ref, kind and relations it keeps anyway. The
 * rules reach an entity through the catalog's search table: every leaf of the entity
 * flattened to a lowercased dotted key and a lowercased value (buildEntitySearch in
 * @backstage/plugin-catalog-backend). The graph keeps those rows for these parts of an entity,
 * which are what the catalog's built-in rules and the usual policies read: kind, namespace and
 * name come from the ref, ownership from `relations.ownedBy`, and the rest from these fields.
 * A condition on any other key is left to the catalog.
 */
export const FACT_FIELDS = [
  'metadata.title',
  'metadata.annotations',
  'metadata.labels',
  'metadata.tags',
  'spec.type',
  'spec.lifecycle',
] as const;

/** Search keys the graph holds every row of, besides those under FACT_FIELDS. */
const DERIVED_KEYS = new Set([
  'kind',
  'metadata.namespace',
  'metadata.name',
  'relations.ownedby',
]);
const FACT_ROOTS = FACT_FIELDS.map(field => field.toLowerCase());

/** The catalog leaves keys and values longer than this out of its search table (as null). */
const MAX_KEY_LENGTH = 200;
const MAX_VALUE_LENGTH = 200;

/**
 * Does the graph hold every search row of this (lowercased) key? A key under a kept field
 * counts: the field is kept whole, so all its rows are (a key of another field that happens to
 * contain a dot where a kept one ends, like a metadata key named `labels.x`, is not told apart;
 * the catalog's own keys never look like that).
 */
export function isKnownSearchKey(key: string): boolean {
  if (DERIVED_KEYS.has(key)) return true;
  return FACT_ROOTS.some(root => key === root || key.startsWith(`${root}.`));
}

/**
 * Each key as given to its one lowercased string: the same few keys recur on every entity, so
 * this is a map lookup instead of a lowercasing, and every row of a key shares its string.
 */
const loweredKeys = new Map<string, string>();
function lowerKey(rawKey: string): string {
  let known = loweredKeys.get(rawKey);
  if (known === undefined) {
    const lower = rawKey.toLowerCase();
    known = loweredKeys.get(lower) ?? lower;
    loweredKeys.set(rawKey, known);
    loweredKeys.set(known, known);
  }
  return known;
}

/**
 * An entity's search rows for FACT_FIELDS and its own `ownedBy` relations, as the catalog
 * writes them: a flat list of lowercased key and value pairs, the value null where the catalog
 * stores null (a null leaf, or a value over 200 characters). Arrays give one row per item, and
 * a `<key>.<item>` row of `true` per string item, as the catalog's traversal does.
 * `lower` lowercases a ref (the mirror passes its interning one).
 */
export function entityFacts(
  entity: Entity,
  lower: (ref: string) => string,
): Array<string | null> {
  const rows: Array<string | null> = [];
  // lowercased as the catalog does it (String.prototype.toLowerCase)
  const push = (rawKey: string, rawValue: unknown) => {
    const key = lowerKey(rawKey);
    if (key.length > MAX_KEY_LENGTH) return;
    let value: string | null = null;
    if (rawValue !== undefined && rawValue !== null) {
      const lowered = String(rawValue).toLowerCase();
      value = lowered.length <= MAX_VALUE_LENGTH ? lowered : null;
    }
    rows.push(key, value);
  };
  const seenItemKeys = new Set<string>();
  const visit = (path: string, current: unknown) => {
    if (
      current === undefined ||
      current === null ||
      typeof current === 'string' ||
      typeof current === 'number' ||
      typeof current === 'boolean'
    ) {
      push(path, current);
      return;
    }
    if (typeof current !== 'object') return;
    if (Array.isArray(current)) {
      for (const item of current) {
        visit(path, item);
        if (typeof item === 'string') {
          const itemKey = `${path}.${item}`;
          const lowered = lowerKey(itemKey);
          if (!seenItemKeys.has(lowered)) {
            seenItemKeys.add(lowered);
            push(itemKey, true);
          }
        }
      }
      return;
    }
    for (const [key, value] of Object.entries(current)) {
      visit(`${path}.${key}`, value);
    }
  };
  for (const field of FACT_FIELDS) {
    const [part, key] = field.split('.');
    const container = (entity as any)[part];
    if (
      container &&
      typeof container === 'object' &&
      Object.prototype.hasOwnProperty.call(container, key)
    ) {
      visit(field, container[key]);
    }
  }
  for (const relation of entity.relations ?? []) {
    if (relation.type === RELATION_OWNED_BY) {
      const target = lower(relation.targetRef);
      rows.push(
        lowerKey('relations.ownedby'),
        target.length <= MAX_VALUE_LENGTH ? target : null,
      );
    }
  }
  return rows;
}
