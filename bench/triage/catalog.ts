/*
 * The demo catalog (examples/*.yaml) as the catalog would serve it: each entity with the
 * relations Backstage's processors derive from its spec, on both sides. The plugin reads only
 * relations, so the evaluation must give them, as a running catalog would.
 */
import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const EXAMPLES = path.resolve(__dirname, '../../examples');

/** spec field → [relation, inverse, default kind of the target] */
const SPEC_RELATIONS: Array<[string, string, string, string]> = [
  ['owner', 'ownedBy', 'ownerOf', 'group'],
  ['system', 'partOf', 'hasPart', 'system'],
  ['domain', 'partOf', 'hasPart', 'domain'],
  ['subcomponentOf', 'partOf', 'hasPart', 'component'],
  ['dependsOn', 'dependsOn', 'dependencyOf', 'component'],
  ['providesApis', 'providesApi', 'apiProvidedBy', 'api'],
  ['consumesApis', 'consumesApi', 'apiConsumedBy', 'api'],
  ['memberOf', 'memberOf', 'hasMember', 'group'],
  ['parent', 'childOf', 'parentOf', 'group'],
  ['children', 'parentOf', 'childOf', 'group'],
];

export function refOf(entity: Entity): string {
  return `${entity.kind.toLocaleLowerCase('en-US')}:${
    entity.metadata.namespace ?? 'default'
  }/${entity.metadata.name}`.toLocaleLowerCase('en-US');
}

/** `component:storefront-bff` or `storefront-bff-api` as a full ref, given the default kind. */
export function fullRef(ref: string, defaultKind: string): string {
  const match = /^(?:([^:]+):)?(?:([^/]+)\/)?(.+)$/.exec(ref.trim())!;
  return `${(match[1] ?? defaultKind).toLocaleLowerCase('en-US')}:${
    match[2] ?? 'default'
  }/${match[3]}`.toLocaleLowerCase('en-US');
}

export function loadDemoCatalog(): Entity[] {
  const entities: Entity[] = [];
  for (const file of ['entities.yaml', 'org.yaml']) {
    const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
    for (const document of parseAllDocuments(text)) {
      const entity = document.toJSON() as Entity | null;
      if (entity?.kind && entity.kind !== 'Location') {
        entity.metadata.namespace ??= 'default';
        entities.push({ ...entity, relations: [] });
      }
    }
  }
  const byRef = new Map(entities.map(e => [refOf(e), e]));
  const relate = (from: Entity, type: string, targetRef: string) => {
    if (
      !from.relations!.some(r => r.type === type && r.targetRef === targetRef)
    ) {
      from.relations!.push({ type, targetRef });
    }
  };
  for (const entity of entities) {
    const spec = (entity.spec ?? {}) as Record<string, unknown>;
    for (const [field, type, inverse, kind] of SPEC_RELATIONS) {
      const value = spec[field];
      const targets = Array.isArray(value) ? value : value ? [value] : [];
      for (const target of targets) {
        const ref = fullRef(String(target), kind);
        relate(entity, type, ref);
        const other = byRef.get(ref);
        if (other) relate(other, inverse, refOf(entity));
      }
    }
  }
  return entities;
}
