import { Entity } from '@backstage/catalog-model';
import { GraphBuilder } from './GraphBuilder';
import { toGraphEntity } from './loadCatalogGraph';
import {
  compileReadConditions,
  HIDDEN,
  UNDECIDED,
  VISIBLE,
} from './readConditions';
import { catalogCondition } from './__testUtils__/readPolicy';

const web: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'Storefront',
    namespace: 'Shop',
    title: 'The storefront',
    annotations: {
      'Lookout.dev/Tier': 'Gold',
      'example.com/long': 'x'.repeat(201),
    },
    labels: { Team: 'Web' },
    tags: ['Public', 'react'],
    description: 'Not kept by the graph',
  },
  spec: { type: 'Website', lifecycle: 'production', owner: 'web-team' },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/Web-Team' },
    { type: 'dependsOn', targetRef: 'component:default/checkout' },
  ],
};

const graph = (() => {
  const builder = new GraphBuilder();
  builder.addEntity(toGraphEntity(web));
  return builder.build();
})();
const node = graph.idOf('component:shop/storefront')!;

const decide = (conditions: any) =>
  compileReadConditions(conditions)(graph, node);
const rule = catalogCondition;

describe('catalog read conditions decided on the graph', () => {
  it("decides the catalog's rules on the catalog's search rows, keys and values in any case", () => {
    const cases: Array<[any, number]> = [
      [rule('IS_ENTITY_KIND', { kinds: ['COMPONENT'] }), VISIBLE],
      [rule('IS_ENTITY_KIND', { kinds: ['api', 'system'] }), HIDDEN],
      [rule('IS_ENTITY_KIND', { kinds: [] }), HIDDEN],
      [
        rule('IS_ENTITY_OWNER', { claims: ['group:default/web-team'] }),
        VISIBLE,
      ],
      [
        rule('IS_ENTITY_OWNER', { claims: ['GROUP:default/WEB-TEAM'] }),
        VISIBLE,
      ],
      [rule('IS_ENTITY_OWNER', { claims: ['group:default/other'] }), HIDDEN],
      [rule('IS_ENTITY_OWNER', { claims: [] }), HIDDEN],
      [rule('HAS_ANNOTATION', { annotation: 'lookout.dev/tier' }), VISIBLE],
      [
        rule('HAS_ANNOTATION', {
          annotation: 'LOOKOUT.DEV/TIER',
          value: 'gold',
        }),
        VISIBLE,
      ],
      [
        rule('HAS_ANNOTATION', {
          annotation: 'lookout.dev/tier',
          value: 'silver',
        }),
        HIDDEN,
      ],
      [rule('HAS_ANNOTATION', { annotation: 'lookout.dev/none' }), HIDDEN],
      // the catalog keeps a value over 200 characters as null: the key exists, no value matches
      [rule('HAS_ANNOTATION', { annotation: 'example.com/long' }), VISIBLE],
      [
        rule('HAS_ANNOTATION', {
          annotation: 'example.com/long',
          value: 'x'.repeat(201),
        }),
        HIDDEN,
      ],
      [rule('HAS_LABEL', { label: 'team', value: 'WEB' }), VISIBLE],
      [rule('HAS_LABEL', { label: 'tier' }), HIDDEN],
      [rule('HAS_METADATA', { key: 'namespace', value: 'SHOP' }), VISIBLE],
      [rule('HAS_METADATA', { key: 'name', value: 'storefront' }), VISIBLE],
      [rule('HAS_METADATA', { key: 'title' }), VISIBLE],
      // arrays: a row per item, and a `key.item` row per string item
      [rule('HAS_METADATA', { key: 'tags', value: 'public' }), VISIBLE],
      [rule('HAS_METADATA', { key: 'tags.react' }), VISIBLE],
      [rule('HAS_METADATA', { key: 'tags', value: 'vue' }), HIDDEN],
      [rule('HAS_SPEC', { key: 'type', value: 'website' }), VISIBLE],
      [rule('HAS_SPEC', { key: 'lifecycle', value: 'experimental' }), HIDDEN],
      // what the graph does not keep, the catalog decides
      [rule('HAS_METADATA', { key: 'description' }), UNDECIDED],
      [rule('HAS_SPEC', { key: 'owner', value: 'web-team' }), UNDECIDED],
      [rule('IS_IN_PROJECT', { project: 'x' }), UNDECIDED],
      // parameters the catalog would refuse
      [rule('IS_ENTITY_KIND', { kind: 'component' }), UNDECIDED],
    ];
    for (const [condition, verdict] of cases) {
      expect([condition, decide(condition)]).toEqual([condition, verdict]);
    }
  });

  it('combines with allOf, anyOf and not, an undecided part mattering only when the rest does not settle it', () => {
    const kind = rule('IS_ENTITY_KIND', { kinds: ['component'] });
    const other = rule('IS_ENTITY_KIND', { kinds: ['api'] });
    const unknown = rule('IS_IN_PROJECT', { project: 'x' });
    expect(decide({ allOf: [kind, { not: other }] })).toBe(VISIBLE);
    expect(decide({ allOf: [kind, other] })).toBe(HIDDEN);
    expect(decide({ allOf: [] })).toBe(VISIBLE);
    expect(decide({ anyOf: [] })).toBe(HIDDEN);
    expect(decide({ anyOf: [other, { not: kind }] })).toBe(HIDDEN);
    expect(decide({ allOf: [other, unknown] })).toBe(HIDDEN);
    expect(decide({ allOf: [kind, unknown] })).toBe(UNDECIDED);
    expect(decide({ anyOf: [kind, unknown] })).toBe(VISIBLE);
    expect(decide({ anyOf: [other, unknown] })).toBe(UNDECIDED);
    expect(decide({ not: unknown })).toBe(UNDECIDED);
    expect(decide({ not: { anyOf: [kind, unknown] } })).toBe(HIDDEN);
  });
});
