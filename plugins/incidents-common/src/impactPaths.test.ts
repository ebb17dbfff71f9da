import { BlastRadius } from './graph';
import { impactPath, impactPaths } from './impactPaths';

/** r -> a -> b, and c behind a hidden hop that a's full reach passes through. */
const radius: Pick<BlastRadius, 'impacted' | 'through'> = {
  impacted: [
    {
      entityRef: 'component:default/a',
      kind: 'component',
      distance: 1,
      relation: 'dependencyOf',
      via: -1,
      customerFacing: false,
    },
    {
      entityRef: 'component:default/b',
      kind: 'component',
      distance: 2,
      relation: 'providesApi',
      via: 0,
      customerFacing: false,
    },
    {
      entityRef: 'component:default/c',
      kind: 'component',
      distance: 3,
      relation: 'apiConsumedBy',
      via: 3,
      customerFacing: true,
    },
  ],
  through: [{ entityRef: null, relation: 'dependencyOf', via: 0 }],
};

describe('impactPath', () => {
  it('rebuilds one shortest path from the hops before each entry', () => {
    expect(impactPath(radius, 0)).toEqual([
      { entityRef: 'component:default/a', relation: 'dependencyOf' },
    ]);
    expect(impactPath(radius, 2)).toEqual([
      { entityRef: 'component:default/a', relation: 'dependencyOf' },
      { entityRef: null, relation: 'dependencyOf' },
      { entityRef: 'component:default/c', relation: 'apiConsumedBy' },
    ]);
    expect(impactPaths(radius)).toEqual(
      radius.impacted.map((_, i) => impactPath(radius, i)),
    );
  });

  it('refuses an answer whose hops go round in a circle or name a hop it lacks', () => {
    const circle = {
      impacted: [{ ...radius.impacted[0], via: 1 }],
      through: [{ entityRef: null, relation: 'partOf' as const, via: 0 }],
    };
    expect(() => impactPath(circle, 0)).toThrow(/cycle/);
    expect(() => impactPaths(circle)).toThrow(/cycle/);
    expect(() => impactPath({ ...radius, through: [] }, 2)).toThrow(/lacks/);
  });
});
