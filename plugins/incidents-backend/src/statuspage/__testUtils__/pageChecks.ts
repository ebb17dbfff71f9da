import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { denyPermissions } from '../../__testUtils__/backend';

// What the status page route tests check pages with, shared by the router.*.test.ts files.

export const API = '/api/incidents';

/** Publishes a public incident (or maintenance) through the admin route; the test expects. */
export const publish = (server: any, body: object) =>
  request(server).post(`${API}/communications/incidents`).send(body);

export const fixture = (name: string) =>
  JSON.parse(
    fs.readFileSync(
      path.resolve(__dirname, '..', '__fixtures__', name),
      'utf8',
    ),
  );

/** Every key of the real document is in ours, with a value of the same JSON type (or null). */
export function expectSameShape(ours: any, real: any, where = '$') {
  if (Array.isArray(real)) {
    expect(Array.isArray(ours)).toBe(true);
    if (real.length && ours.length)
      expectSameShape(ours[0], real[0], `${where}[0]`);
    return;
  }
  if (real && typeof real === 'object') {
    for (const key of Object.keys(real)) {
      if (!(key in ours)) throw new Error(`${where}.${key} is missing`);
      if (ours[key] === null || real[key] === null) continue;
      expectSameShape(ours[key], real[key], `${where}.${key}`);
    }
    return;
  }
  if (typeof ours !== typeof real) {
    throw new Error(
      `${where}: ${typeof ours} where the real API has ${typeof real}`,
    );
  }
}

/** Users may read incidents but hold no basic permission such as incident.statuspage.manage. */
export const denyBasicPermissions = denyPermissions();

export const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)> & ]]>`;

/** The last (today's) uptime bar of a component on the HTML page, and its list's label. */
export function todayBar(html: string, componentId: string) {
  const card = html.split(
    `<section class="card" aria-labelledby="c-${componentId}">`,
  )[1];
  if (!card) throw new Error(`no card for ${componentId}`);
  const list =
    /<ul class="bars" role="img" aria-label="([^"]*)">(.*?)<\/ul>/.exec(card)!;
  const bars = [
    ...list[2].matchAll(/<li class="d-(\w+)" title="([^"]*)"><\/li>/g),
  ];
  const [, level, title] = bars[bars.length - 1];
  return { level, title, label: list[1], count: bars.length };
}
