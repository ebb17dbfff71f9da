import { z } from 'zod';

/**
 * A condition on the catalog's search table, the query type of the catalog's permission
 * rules (EntityFilter in @backstage/plugin-catalog-node): an entity matches a leaf when it has
 * a row with the key and, if values are given, with one of them; keys and values compare
 * lowercased.
 */
export type SearchFilter =
  | { key: string; values?: string[] }
  | { allOf: SearchFilter[] }
  | { anyOf: SearchFilter[] }
  | { not: SearchFilter };

interface CatalogRule {
  params: z.ZodType;
  toQuery(params: any): SearchFilter;
}

const keyAndValue = z.object({ key: z.string(), value: z.string().optional() });

/** `HAS_METADATA` and `HAS_SPEC`: a key under `metadata.` or `spec.`, with a value or any. */
const propertyRule = (property: 'metadata' | 'spec'): CatalogRule => ({
  params: keyAndValue,
  toQuery: ({ key, value }) => ({
    key: `${property}.${key}`,
    ...(value !== undefined && { values: [value] }),
  }),
});

/**
 * The permission rules of Backstage's catalog (`permissions/rules` in
 * @backstage/plugin-catalog-backend), by name, each turning its parameters into the same
 * search filter as the catalog's own `toQuery` does: the catalog applies a conditional
 * decision by that filter in SQL, so deciding it on the same rows hides exactly what the
 * catalog hides. The parameters are checked as the catalog checks them; a rule not listed
 * here (one a catalog module added) is left to the catalog.
 */
export const CATALOG_RULES: Readonly<Record<string, CatalogRule>> = {
  HAS_ANNOTATION: {
    params: z.object({ annotation: z.string(), value: z.string().optional() }),
    toQuery: ({ annotation, value }) => ({
      key: `metadata.annotations.${annotation}`,
      ...(value !== undefined && { values: [value] }),
    }),
  },
  HAS_LABEL: {
    params: z.object({ label: z.string(), value: z.string().optional() }),
    toQuery: ({ label, value }) => ({
      key: `metadata.labels.${label}`,
      ...(value !== undefined && { values: [value] }),
    }),
  },
  HAS_METADATA: propertyRule('metadata'),
  HAS_SPEC: propertyRule('spec'),
  IS_ENTITY_KIND: {
    params: z.object({ kinds: z.array(z.string()) }),
    toQuery: ({ kinds }) => ({
      key: 'kind',
      values: kinds.map((kind: string) => kind.toLowerCase()),
    }),
  },
  IS_ENTITY_OWNER: {
    params: z.object({ claims: z.array(z.string()) }),
    toQuery: ({ claims }) => ({ key: 'relations.ownedBy', values: claims }),
  },
};

/**
 * The search filter of one condition, or undefined when the graph cannot tell what the
 * catalog would make of it: a rule it does not know, or parameters the catalog would refuse.
 */
export function conditionFilter(condition: {
  rule: string;
  params?: unknown;
}): SearchFilter | undefined {
  const rule = Object.prototype.hasOwnProperty.call(
    CATALOG_RULES,
    condition.rule,
  )
    ? CATALOG_RULES[condition.rule]
    : undefined;
  if (!rule) return undefined;
  // checked as given, then applied to the params or {} as the catalog's transformer does
  if (!rule.params.safeParse(condition.params).success) return undefined;
  return rule.toQuery(condition.params ?? {});
}
