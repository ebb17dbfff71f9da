import { alertLevel, suggestSeverity, SeverityFacts } from './severity';

const facts = (overrides: Partial<SeverityFacts>): SeverityFacts => ({
  current: 'SEV3',
  impactedCount: 2,
  customerFacing: [],
  customerFacingTier1: [],
  bestTier: null,
  bestTierRef: null,
  alertLevel: 'warning',
  alertCount: 1,
  ...overrides,
});

const web = 'component:default/storefront-web';
const help = 'component:default/help-center-web';

describe('alertLevel', () => {
  it('reads the words senders use, and falls back on the mapped severity', () => {
    expect(alertLevel('critical', 'SEV3')).toBe('critical');
    expect(alertLevel('High', 'SEV3')).toBe('critical');
    expect(alertLevel('P1', 'SEV3')).toBe('critical');
    expect(alertLevel('page', 'SEV3')).toBe('critical');
    expect(alertLevel('warning', 'SEV1')).toBe('warning');
    expect(alertLevel('P3', 'SEV1')).toBe('warning');
    expect(alertLevel('info', 'SEV1')).toBe('info');
    expect(alertLevel('whatever', 'SEV2')).toBe('critical');
    expect(alertLevel(null, 'SEV4')).toBe('info');
  });
});

describe('suggestSeverity', () => {
  it('a broken origin reaching a customer-facing tier 1 entity is SEV1, with reasons', () => {
    const suggestion = suggestSeverity(
      facts({
        alertLevel: 'critical',
        customerFacing: [web],
        customerFacingTier1: [web],
        bestTier: 1,
        bestTierRef: web,
      }),
    );
    expect(suggestion).toMatchObject({
      severity: 'SEV1',
      current: 'SEV3',
      score: 0.9,
    });
    expect(suggestion.reasons).toEqual([
      {
        text: 'the origin is broken (a critical alert): the worst of its 1 alert is critical',
        weight: 3,
      },
      {
        text: 'customers use a core product it reaches: storefront-web (customer-facing, tier 1)',
        weight: 2,
      },
      {
        text: 'the most critical tier it reaches is 1 (storefront-web)',
        weight: 1,
      },
    ]);
  });

  it('follows the published definitions of each level', () => {
    const severity = (overrides: Partial<SeverityFacts>) =>
      suggestSeverity(facts(overrides)).severity;
    const core = {
      customerFacing: [web],
      customerFacingTier1: [web],
      bestTier: 1,
      bestTierRef: web,
    };
    const facingTier3 = {
      customerFacing: [help],
      bestTier: 3,
      bestTierRef: help,
    };
    // a core feature broken, or badly degraded for customers
    expect(
      severity({ alertLevel: 'critical', bestTier: 1, bestTierRef: 'x' }),
    ).toBe('SEV2');
    expect(severity({ alertLevel: 'critical', ...facingTier3 })).toBe('SEV2');
    expect(severity({ alertLevel: 'warning', ...core })).toBe('SEV2');
    // partial degradation, or an internal tool down
    expect(severity({ alertLevel: 'critical', bestTier: 3 })).toBe('SEV3');
    expect(
      severity({ alertLevel: 'warning', bestTier: 2, bestTierRef: 'x' }),
    ).toBe('SEV3');
    expect(severity({ alertLevel: 'warning', ...facingTier3 })).toBe('SEV3');
    // low impact
    expect(severity({ alertLevel: 'warning', bestTier: 3 })).toBe('SEV4');
    expect(severity({ alertLevel: 'info', ...core })).toBe('SEV4');
  });

  it('without alerts the declared severity stands in, with less confidence', () => {
    const suggestion = suggestSeverity(
      facts({
        alertLevel: null,
        alertCount: 0,
        current: 'SEV2',
        impactedCount: 40,
      }),
    );
    expect(suggestion.reasons[0].text).toBe(
      'no alerts yet; the declared SEV2 stands in: broken (a critical alert)',
    );
    expect(suggestion.reasons.at(-1)).toEqual({
      text: 'a wide blast radius: 40 entities downstream',
      weight: 0,
    });
    expect(suggestion.severity).toBe('SEV3');
    expect(suggestion.score).toBe(0.4);
  });
});
