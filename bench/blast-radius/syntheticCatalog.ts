/*
 * A deterministic synthetic catalog in the shape of a large company's: domains hold systems,
 * systems hold components, APIs and resources; teams own them. Fan-in follows a power law, as
 * in real portals: a few shared databases, caches and platform APIs have thousands of
 * dependents and consumers, most have a handful. Relations are written on both entities, as the
 * catalog's stitching does.
 */
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { random } from '../lib/stats';

export const SHAPE = {
  groups: 400,
  domains: 25,
  systems: 600,
  resources: 4_000,
  apis: 10_000,
  entities: 50_000,
} as const;

const INVERSE: Record<string, string> = {
  dependsOn: 'dependencyOf',
  providesApi: 'apiProvidedBy',
  consumesApi: 'apiConsumedBy',
  partOf: 'hasPart',
  ownedBy: 'ownerOf',
};

export interface SyntheticCatalog {
  entities: Entity[];
  /** Relations counted once each (the catalog writes each on both of its entities). */
  relations: number;
  refs: string[];
}

export function syntheticCatalog(seed = 42): SyntheticCatalog {
  const rand = random(seed);
  const pick = (n: number) => Math.floor(rand() * n);
  /** Power law: index 0 is the most popular target. */
  const popular = (n: number, exponent: number) =>
    Math.floor(n * rand() ** exponent);

  const components =
    SHAPE.entities -
    SHAPE.groups -
    SHAPE.domains -
    SHAPE.systems -
    SHAPE.resources -
    SHAPE.apis;
  const group = (i: number) => `group:default/team-${i}`;
  const domain = (i: number) => `domain:default/domain-${i}`;
  const system = (i: number) => `system:default/system-${i}`;
  const resource = (i: number) => `resource:default/resource-${i}`;
  const api = (i: number) => `api:default/api-${i}`;
  const component = (i: number) => `component:default/component-${i}`;

  const byRef = new Map<string, Entity>();
  let relations = 0;
  const add = (
    ref: string,
    kind: string,
    spec: JsonObject,
    annotations: Record<string, string> = {},
  ) => {
    const name = ref.split('/')[1];
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: {
        name,
        namespace: 'default',
        uid: `uid-${byRef.size}`,
        etag: `etag-${byRef.size}`,
        description: `Synthetic ${kind.toLowerCase()} ${name} for the blast-radius benchmark`,
        annotations: {
          'backstage.io/managed-by-location': `url:https://git.example.com/${name}/catalog-info.yaml`,
          'backstage.io/managed-by-origin-location': `url:https://git.example.com/${name}/catalog-info.yaml`,
          'backstage.io/source-location': `url:https://git.example.com/${name}/`,
          ...annotations,
        },
        tags: ['synthetic'],
      },
      spec,
      relations: [],
    };
    byRef.set(ref, entity);
  };
  const relate = (from: string, type: string, to: string) => {
    const source = byRef.get(from)!;
    const target = byRef.get(to)!;
    if (from === to) return;
    source.relations!.push({ type, targetRef: to });
    target.relations!.push({ type: INVERSE[type], targetRef: from });
    relations++;
  };

  for (let i = 0; i < SHAPE.groups; i++) {
    add(group(i), 'Group', { type: 'team', children: [] });
  }
  const teamOf = () => group(popular(SHAPE.groups, 1.5));
  for (let i = 0; i < SHAPE.domains; i++) {
    add(domain(i), 'Domain', { owner: teamOf() });
    relate(domain(i), 'ownedBy', teamOf());
  }
  const systemOwner: string[] = [];
  for (let i = 0; i < SHAPE.systems; i++) {
    systemOwner.push(teamOf());
    add(system(i), 'System', { owner: systemOwner[i] });
    relate(system(i), 'partOf', domain(pick(SHAPE.domains)));
    relate(system(i), 'ownedBy', systemOwner[i]);
  }
  const place = (ref: string) => {
    const s = pick(SHAPE.systems);
    relate(ref, 'partOf', system(s));
    relate(ref, 'ownedBy', rand() < 0.85 ? systemOwner[s] : teamOf());
  };
  for (let i = 0; i < SHAPE.resources; i++) {
    add(resource(i), 'Resource', {
      type: ['database', 'cache', 'queue', 'bucket'][pick(4)],
    });
    place(resource(i));
  }
  for (let i = 0; i < SHAPE.apis; i++) {
    add(
      api(i),
      'API',
      { type: 'openapi', lifecycle: 'production', definition: '...' },
      rand() < 0.03 ? { 'lookout.dev/customer-facing': 'true' } : {},
    );
    place(api(i));
  }
  for (let i = 0; i < components; i++) {
    add(component(i), 'Component', {
      type: rand() < 0.05 ? 'website' : rand() < 0.2 ? 'library' : 'service',
      lifecycle: 'production',
    });
    place(component(i));
  }

  // every API has a provider; one in ten has a second
  for (let i = 0; i < SHAPE.apis; i++) {
    relate(component(pick(components)), 'providesApi', api(i));
    if (rand() < 0.1)
      relate(component(pick(components)), 'providesApi', api(i));
  }
  for (let i = 0; i < components; i++) {
    const consumed = 1 + Math.floor(5 * rand() ** 2);
    for (let k = 0; k < consumed; k++) {
      relate(component(i), 'consumesApi', api(popular(SHAPE.apis, 2.5)));
    }
    const stores = 1 + Math.floor(3 * rand() ** 2);
    for (let k = 0; k < stores; k++) {
      relate(component(i), 'dependsOn', resource(popular(SHAPE.resources, 3)));
    }
    if (rand() < 0.4) {
      const services = 1 + pick(2);
      for (let k = 0; k < services; k++) {
        relate(component(i), 'dependsOn', component(popular(components, 3)));
      }
    }
    if (rand() < 0.03) {
      relate(component(i), 'partOf', component(pick(components)));
    }
  }
  for (let i = 0; i < SHAPE.resources; i++) {
    if (rand() < 0.2) {
      relate(resource(i), 'dependsOn', resource(popular(SHAPE.resources, 3)));
    }
  }

  // duplicates (the same pair twice) are kept, as a catalog would show them: the graph dedupes
  return { entities: [...byRef.values()], relations, refs: [...byRef.keys()] };
}
