import { sharedReason } from './sharedReason';
import { SharedUpstream } from './sharedUpstream';

const ONSET = '2026-11-30T12:00:00.000Z';
const at = (minutesBefore: number) =>
  new Date(Date.parse(ONSET) - minutesBefore * 60_000).toISOString();

function shared(
  failing: Array<[string, number, number?, string?]>,
  healthy: number,
): SharedUpstream {
  return {
    entityRef: 'resource:default/db',
    failing: failing.map(([name, minutes, depth, follows]) => ({
      entityRef: `component:default/${name}`,
      since: at(minutes),
      depth: depth ?? 1,
      ...(follows ? { follows: `component:default/${follows}` } : {}),
    })),
    healthy,
    below: [],
  };
}

const reason = (s: SharedUpstream) => sharedReason(s, 'resource', true, ONSET);

describe('sharedReason', () => {
  it('weighs every failing dependent beyond the first, times the share failing', () => {
    // n direct dependents failing a minute apart, and some healthy ones
    const weightOf = (failing: number, healthy: number) =>
      reason(
        shared(
          Array.from({ length: failing }, (_, i) => [`s${i}`, failing - i]),
          healthy,
        ),
      )?.weight;
    expect(weightOf(2, 0)).toBe(2.5);
    expect(weightOf(2, 3)).toBe(1);
    expect(weightOf(4, 4)).toBe(3.75);
    expect(weightOf(5, 0)).toBe(7.5);
    // one failing dependent is only the incident seen from above
    expect(reason(shared([['a', 2]], 0))).toBeUndefined();
  });

  it('counts half a failure reached only through entities that show nothing', () => {
    const half = reason(
      shared(
        [
          ['a', 2],
          ['b', 1, 3],
        ],
        0,
      ),
    );
    expect(half?.weight).toBe(1.25);
    expect(half?.text).toMatch(
      /; 1 of them only further down, through entities that show nothing\)/,
    );
  });

  it('does not count a failure that another failing dependent explains', () => {
    // b depends on a, which failed first: one failure and its consequence, not two
    expect(
      reason(
        shared(
          [
            ['a', 2],
            ['b', 1, 1, 'a'],
          ],
          0,
        ),
      ),
    ).toBeUndefined();
    const three = reason(
      shared(
        [
          ['a', 3],
          ['b', 2, 1, 'a'],
          ['c', 1],
        ],
        0,
      ),
    );
    expect(three?.weight).toBe(2.5);
    expect(three?.text).toMatch(/; b depends on a, which failed first\)/);
  });
});
