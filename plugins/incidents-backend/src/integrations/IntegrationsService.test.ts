import { mockCredentials } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createHmac } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { testEntities } from '../alerts/__testUtils__/backend';
import { TooManyRequestsError } from './errors';
import { IntegrationsService } from './IntegrationsService';
import {
  IntegrationsStore,
  NewIntegration,
  StoredIntegration,
} from './IntegrationsStore';

/** An in-memory store: these tests are about the rules, the store has its own. */
function memoryStore() {
  const rows: StoredIntegration[] = [];
  const hashes = new Map<string, string>();
  const counts = new Map<string, [number, number]>();
  const store: IntegrationsStore = {
    async createIntegration(n: NewIntegration) {
      const { keyHash, signingSecret, ...rest } = n;
      const row = {
        ...rest,
        signingSecret,
        signed: Boolean(signingSecret),
        lastUsedAt: null,
      };
      rows.push(row);
      hashes.set(keyHash, row.id);
      return row;
    },
    async listIntegrations() {
      return rows;
    },
    async getIntegration(id) {
      return rows.find(r => r.id === id);
    },
    async findByKeyHash(hash) {
      return rows.find(r => r.id === hashes.get(hash));
    },
    async revokeIntegration(id) {
      const index = rows.findIndex(r => r.id === id);
      if (index < 0) return false;
      rows.splice(index, 1);
      return true;
    },
    async touchIntegration() {},
    async countEvent(id, windowStart) {
      const [start, count] = counts.get(id) ?? [windowStart, 0];
      const next: [number, number] =
        start === windowStart ? [start, count + 1] : [windowStart, 1];
      counts.set(id, next);
      return next[1];
    },
  };
  return { store, hashes };
}

describe('IntegrationsService', () => {
  let now: Date;
  const credentials = mockCredentials.user();

  function setup(options: { allow?: boolean; rate?: number } = {}) {
    const { store, hashes } = memoryStore();
    const service = new IntegrationsService({
      store,
      catalog: catalogServiceMock({ entities: testEntities }),
      authorizer: {
        requireCreate: async () => {
          if (options.allow === false) throw new NotAllowedError('no');
        },
      },
      baseUrl: async () => 'https://portal.example.com/api/incidents',
      rateLimitPerMinute: options.rate ?? 120,
      clock: () => now,
    });
    return { service, hashes };
  }

  beforeEach(() => {
    now = new Date('2026-01-01T00:00:30.000Z');
  });

  it('makes a 32-character key, keeps only its hash, and authenticates with it', async () => {
    const { service, hashes } = setup();
    const created = await service.create(
      {
        name: 'Prometheus',
        type: 'alertmanager',
        entityRef: 'component:default/mysql',
      },
      credentials,
    );
    expect(created.key).toMatch(/^lk_[a-z0-9]{29}$/);
    expect(created.integration).toMatchObject({
      name: 'Prometheus',
      keyHint: created.key.slice(0, 7),
      entityRef: 'component:default/mysql',
      autoResolve: true,
      signed: false,
    });
    expect(created.integration).not.toHaveProperty('signingSecret');
    const [hash] = hashes.keys();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(created.key);
    expect((await service.authenticate(created.key)).id).toBe(
      created.integration.id,
    );
    await expect(service.authenticate(`${created.key}x`)).rejects.toThrow(
      /Unknown/,
    );
    await expect(service.authenticate(undefined)).rejects.toThrow(/required/);
    const second = await service.create(
      { name: 'B', type: 'generic' },
      credentials,
    );
    expect(second.key).not.toBe(created.key);
  });

  it('checks a key once per few seconds and writes last use once a minute; a revoke reaches other replicas within seconds', async () => {
    const { store } = memoryStore();
    const lookups = jest.spyOn(store, 'findByKeyHash');
    const touches = jest.spyOn(store, 'touchIntegration');
    const replica = () =>
      new IntegrationsService({
        store,
        catalog: catalogServiceMock({ entities: testEntities }),
        authorizer: { requireCreate: async () => {} },
        baseUrl: async () => 'https://portal.example.com/api/incidents',
        rateLimitPerMinute: 120,
        clock: () => now,
      });
    const [one, two] = [replica(), replica()];
    const { key, integration } = await one.create(
      { name: 'Prometheus', type: 'alertmanager' },
      credentials,
    );
    for (let i = 0; i < 5; i++) await one.authenticate(key);
    expect(lookups).toHaveBeenCalledTimes(1);
    expect(touches).toHaveBeenCalledTimes(1);
    await two.authenticate(key);

    await one.revoke(integration.id, credentials);
    await expect(one.authenticate(key)).rejects.toThrow(/revoked/);
    // the other replica trusts its check a little longer, then asks again
    await expect(two.authenticate(key)).resolves.toBeDefined();
    now = new Date(now.getTime() + 5_000);
    await expect(two.authenticate(key)).rejects.toThrow(/revoked/);
  });

  it('hands out sender configuration built from the base URL', async () => {
    const { service } = setup();
    const { key, snippets, signingSecret } = await service.create(
      { name: 'Team Grafana', type: 'grafana', signed: true },
      credentials,
    );
    const alertmanager = parseYaml(snippets.alertmanager);
    expect(alertmanager.receivers[0].webhook_configs[0]).toEqual({
      url: 'https://portal.example.com/api/incidents/alerts/alertmanager',
      send_resolved: true,
      http_config: { authorization: { type: 'Bearer', credentials: key } },
    });
    const grafana = parseYaml(snippets.grafana);
    expect(grafana.contactPoints[0].receivers[0].settings).toMatchObject({
      url: 'https://portal.example.com/api/incidents/alerts/grafana',
      authorization_credentials: key,
      hmacConfig: {
        secret: signingSecret,
        header: 'X-Grafana-Alerting-Signature',
      },
    });
    const pagerduty = parseYaml(snippets.pagerduty);
    expect(pagerduty.receivers[0].pagerduty_configs[0]).toMatchObject({
      url: 'https://portal.example.com/api/incidents/v2/enqueue',
      routing_key: key,
    });
  });

  it('needs incident.create to create or revoke, and catalog refs of the right kind', async () => {
    const denied = setup({ allow: false }).service;
    await expect(
      denied.create({ name: 'x', type: 'generic' }, credentials),
    ).rejects.toThrow(NotAllowedError);
    await expect(denied.revoke('id', credentials)).rejects.toThrow(
      NotAllowedError,
    );
    const { service } = setup();
    await expect(
      service.create(
        { name: 'x', type: 'generic', groupRef: 'component:default/mysql' },
        credentials,
      ),
    ).rejects.toThrow(/not a Group/);
    await expect(
      service.create(
        { name: 'x', type: 'generic', entityRef: 'component:default/ghost' },
        credentials,
      ),
    ).rejects.toThrow(/Not in the catalog: component:default\/ghost/);
    await expect(service.revoke('nope', credentials)).rejects.toThrow(
      /No integration/,
    );
  });

  it('verifies Grafana signatures over the body, or over timestamp and body', async () => {
    const { service } = setup();
    const { key, signingSecret } = await service.create(
      { name: 'g', type: 'grafana', signed: true },
      credentials,
    );
    const integration = await service.authenticate(key);
    const body = Buffer.from('{"status":"firing"}');
    const sign = (text: string) =>
      createHmac('sha256', signingSecret!).update(text).digest('hex');
    const stamp = String(now.getTime() / 1000 - 30);

    expect(() =>
      service.verifyGrafanaSignature(
        integration,
        body,
        sign(body.toString()),
        undefined,
      ),
    ).not.toThrow();
    expect(() =>
      service.verifyGrafanaSignature(
        integration,
        body,
        sign(`${stamp}:${body}`).toUpperCase(),
        stamp,
      ),
    ).not.toThrow();
    expect(() =>
      service.verifyGrafanaSignature(
        integration,
        body,
        sign(`${stamp}:${body}`),
        '1',
      ),
    ).toThrow(/five minutes/);
    expect(() =>
      service.verifyGrafanaSignature(
        integration,
        body,
        sign('other'),
        undefined,
      ),
    ).toThrow(/does not match/);
    expect(() =>
      service.verifyGrafanaSignature(integration, body, undefined, undefined),
    ).toThrow(/missing/);
  });

  it('counts events per key and minute and says when the next minute starts', async () => {
    const { service } = setup({ rate: 2 });
    const { key } = await service.create(
      { name: 'pd', type: 'pagerduty' },
      credentials,
    );
    const integration = await service.authenticate(key);
    await service.consumeRate(integration);
    await service.consumeRate(integration);
    const refused = await service.consumeRate(integration).catch(e => e);
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect(refused.retryAfterSeconds).toBe(30);
    now = new Date('2026-01-01T00:01:00.000Z');
    await expect(service.consumeRate(integration)).resolves.toBeUndefined();
    // no limit at all
    const unlimited = setup({ rate: 0 }).service;
    for (let i = 0; i < 5; i++) await unlimited.consumeRate(integration);
  });
});
