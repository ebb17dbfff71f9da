import { fixture } from '../__testUtils__/backend';
import { alertmanagerSchema, fromAlertmanager } from './alertmanager';
import { labelFingerprint } from './fingerprint';
import { fromGeneric, genericSchema } from './generic';
import { fromGrafana, grafanaSchema } from './grafana';
import { dedupKeyOf, fromPagerDuty, pagerDutyEventSchema } from './pagerDuty';
import { senderTime } from './common';

const NOW = '2026-01-01T00:00:00.000Z';

describe('labelFingerprint', () => {
  it("computes Alertmanager's fingerprint of a real alert", () => {
    const [alert] = fixture('resolved-capture.json').alerts;
    expect(labelFingerprint(alert.labels)).toBe(alert.fingerprint);
    expect(labelFingerprint({})).toBe('cbf29ce484222325');
  });
});

describe('senderTime', () => {
  it("reads Go's zero time as unset and refuses what is not a time", () => {
    expect(senderTime.parse('0001-01-01T00:00:00Z')).toBeNull();
    expect(senderTime.parse('2018-03-07T06:33:21.873077559-05:00')).toBe(
      '2018-03-07T11:33:21.873Z',
    );
    expect(senderTime.parse('2015-07-17T08:42:58.315+0000')).toBe(
      '2015-07-17T08:42:58.315Z',
    );
    expect(senderTime.safeParse('soon').success).toBe(false);
    expect(senderTime.safeParse('+275760-09-13T00:00:00.000Z').success).toBe(
      false,
    );
  });
});

describe('fromAlertmanager', () => {
  it('gives alerts without a status the status their end time implies', () => {
    const payload = alertmanagerSchema.parse(fixture('two-alerts.json'));
    const deliveries = fromAlertmanager(payload, {
      source: 'alertmanager',
      now: NOW,
    });
    expect(deliveries.map(d => d.status)).toEqual(['firing', 'firing']);
    expect(deliveries[0].content).toMatchObject({
      summary: 'Server High Memory usage',
      // commonLabels complete what the test data's alerts leave out
      severity: 'warning',
      groupKey: '{}:{alertname="high_memory_load"}',
    });
    const ended = structuredClone(fixture('two-alerts.json'));
    ended.alerts[0].endsAt = '2018-03-07T07:00:00Z';
    const [first] = fromAlertmanager(alertmanagerSchema.parse(ended), {
      source: 'alertmanager',
      now: NOW,
    });
    expect(first.status).toBe('resolved');
  });

  it('scopes the identity of an alert by its group key', () => {
    const payload = alertmanagerSchema.parse(fixture('resolved-capture.json'));
    const [a] = fromAlertmanager(payload, { source: 'alertmanager', now: NOW });
    const [b] = fromAlertmanager(
      { ...payload, groupKey: '{}:{other}' },
      { source: 'alertmanager', now: NOW },
    );
    expect(a.content?.fingerprint).toBe(b.content?.fingerprint);
    expect(a.dedupKey).not.toBe(b.dedupKey);
    // a relative generatorURL cannot be opened from the portal
    expect(a.content?.links).toEqual([]);
  });
});

describe('fromGrafana', () => {
  it("keeps Grafana's links and values, dropping empty ones", () => {
    const payload = grafanaSchema.parse(fixture('grafana-doc-example.json'));
    const [memory] = fromGrafana(payload, NOW);
    expect(memory.content?.links.map(l => l.url)).toEqual([
      'https://play.grafana.org/alerting/1afz29v7z/edit',
      'https://myrunbook.com/runbook/1234',
      expect.stringContaining('https://play.grafana.org/alerting/silence/new'),
    ]);
    expect(memory.content?.details).toMatchObject({
      values: { B: 44.23943737541908, C: 1 },
    });
    const odd = grafanaSchema.parse({
      ...fixture('grafana-doc-example.json'),
      alerts: [
        { ...fixture('grafana-doc-example.json').alerts[0], values: 'n/a' },
      ],
    });
    expect(fromGrafana(odd, NOW)[0].content?.details.values).toBeUndefined();
  });
});

describe('fromPagerDuty', () => {
  it('turns a trigger into a firing alert and a resolve into a bare state change', () => {
    const trigger = pagerDutyEventSchema.parse(
      fixture('pagerduty-trigger.json'),
    );
    const alert = fromPagerDuty(trigger, dedupKeyOf(trigger));
    expect(alert).toMatchObject({
      dedupKey: 'srv01/mysql',
      status: 'firing',
      startsAt: '2015-07-17T08:42:58.315Z',
      content: {
        severity: 'critical',
        labels: {
          source: 'prod-datapipe03.example.com',
          component: 'mysql',
          group: 'prod-datapipe',
          class: 'disk',
        },
      },
    });
    const resolve = pagerDutyEventSchema.parse(
      fixture('pagerduty-resolve.json'),
    );
    expect(fromPagerDuty(resolve, dedupKeyOf(resolve))).toEqual({
      dedupKey: 'dedupkeyhere',
      status: 'resolved',
      startsAt: null,
      endsAt: null,
    });
  });

  it('drops custom details nested too deep to store safely', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20; i++) deep = { deeper: deep };
    const event = pagerDutyEventSchema.parse({
      ...fixture('pagerduty-trigger.json'),
      payload: {
        ...fixture('pagerduty-trigger.json').payload,
        custom_details: deep,
      },
    });
    expect(
      fromPagerDuty(event, 'k').content?.details.custom_details,
    ).toBeUndefined();
  });
});

describe('fromGeneric', () => {
  it('reads a firing or resolved alert, timed by its timestamp', () => {
    const resolved = fromGeneric(
      genericSchema.parse({
        summary: 'Queue backlog',
        dedupKey: 'backlog',
        status: 'resolved',
        timestamp: '2026-01-01T00:05:00Z',
      }),
    );
    expect(resolved).toMatchObject({
      status: 'resolved',
      startsAt: null,
      endsAt: '2026-01-01T00:05:00.000Z',
      content: { source: 'generic', severity: null },
    });
  });
});
