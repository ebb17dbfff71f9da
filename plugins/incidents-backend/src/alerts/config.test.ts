import { ConfigReader } from '@backstage/config';
import { mapSeverity, readAlertsConfig } from './config';

const read = (alerts: object) =>
  readAlertsConfig(new ConfigReader({ incidents: { alerts } }));

describe('readAlertsConfig', () => {
  it('has defaults for everything', () => {
    const config = readAlertsConfig(new ConfigReader({}));
    expect(config).toMatchObject({
      groupWindowMs: 15 * 60_000,
      defaultSeverity: 'SEV3',
      rateLimitPerMinute: 120,
      changeLookbackMs: 24 * 3_600_000,
      routes: [],
    });
    expect(mapSeverity(config, 'Critical')).toBe('SEV1');
    expect(mapSeverity(config, 'major')).toBe('SEV2');
    expect(mapSeverity(config, 'Warning')).toBe('SEV3');
    expect(mapSeverity(config, 'info')).toBe('SEV4');
    expect(mapSeverity(config, null)).toBe('SEV3');
    // an own key only: not Object.prototype's
    expect(mapSeverity(config, 'constructor')).toBe('SEV3');
  });

  it('reads durations, severity names and routes', () => {
    const config = read({
      groupWindow: '30m',
      changeLookback: { hours: 6 },
      severities: { P1: 'SEV1', warning: 'SEV2' },
      defaultSeverity: 'SEV4',
      routes: [
        {
          match: { team: 'blue' },
          entityRef: 'Component:default/Storefront-Web',
        },
      ],
      rateLimitPerMinute: 0,
    });
    expect(config.groupWindowMs).toBe(30 * 60_000);
    expect(config.changeLookbackMs).toBe(6 * 3_600_000);
    expect(mapSeverity(config, 'p1')).toBe('SEV1');
    expect(mapSeverity(config, 'warning')).toBe('SEV2');
    expect(mapSeverity(config, 'whatever')).toBe('SEV4');
    expect(config.routes).toEqual([
      {
        match: { team: 'blue' },
        entityRef: 'component:default/storefront-web',
      },
    ]);
    expect(config.rateLimitPerMinute).toBe(0);
  });

  it('refuses what it cannot use, at startup', () => {
    expect(() => read({ severities: { critical: 'P1' } })).toThrow(/SEV1/);
    expect(() =>
      read({ routes: [{ match: {}, entityRef: 'component:a' }] }),
    ).toThrow(/matches no label/);
    expect(() =>
      read({ routes: [{ match: { a: 'b' }, entityRef: 'nope' }] }),
    ).toThrow(/entity ref/);
  });
});
