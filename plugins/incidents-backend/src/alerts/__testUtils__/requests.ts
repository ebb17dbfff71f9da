import request from 'supertest';
import { fixture } from './backend';

// What the alert route tests send and read, shared by the router.*.test.ts files.

export const API = '/api/incidents';

/** firing-capture.json as Alertmanager sends it once every alert of the group has resolved. */
export function resolvedCapture(endsAt = '2019-09-27T16:40:00Z') {
  const group = fixture('firing-capture.json');
  group.status = 'resolved';
  for (const alert of group.alerts) {
    alert.status = 'resolved';
    alert.endsAt = endsAt;
  }
  return group;
}

/** The same group firing again: a new firing began after the last one ended. */
export function refiredCapture(startsAt: string) {
  const group = fixture('firing-capture.json');
  for (const alert of group.alerts) alert.startsAt = startsAt;
  return group;
}

/** Posts a group to the Alertmanager route with this integration key. */
export const alertmanager = (server: any, key: string, body: object) =>
  request(server)
    .post(`${API}/alerts/alertmanager`)
    .set('Authorization', `Bearer ${key}`)
    .send(body);

/** The incident's timeline events. */
export const timelineOf = async (server: any, id: string) =>
  (await request(server).get(`${API}/incidents/${id}/timeline`)).body.items;
