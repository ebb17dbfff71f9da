import { Knex } from 'knex';
import {
  denyPermissions,
  startIncidentsBackend,
} from '../../__testUtils__/backend';
import { Server } from 'node:http';
import { startOnEachDatabase } from '../../__testUtils__/databases';
import { oncallEntities } from './catalog';

// What the on-call route tests start and send, shared by the router.*.test.ts files.

export const API = '/api/incidents';
export const HOUR = 3_600_000;
export const iso = (offset: number) =>
  new Date(Date.now() + offset).toISOString();

/** Denies `incident.oncall.manage` and allows everything else. */
export const noManage = denyPermissions(
  p => p.name === 'incident.oncall.manage',
);

/** The plugin with the on-call catalog (ann, bob, their teams) and a known app base URL. */
export function startOnCallBackend(knex: Knex, features: any[] = []) {
  return startIncidentsBackend(knex, {
    entities: oncallEntities,
    config: { app: { baseUrl: 'http://lookout.test:3000' } },
    features,
  });
}

/** One layer that ann holds from an hour ago, so "now" does not depend on the time of day. */
export const scheduleBody = (body: object = {}) => ({
  name: 'Checkout primary',
  ownerRef: 'group:default/checkout-team',
  timeZone: 'Europe/Berlin',
  layers: [
    {
      name: 'Weekly',
      rotation: 'weekly',
      handoffDay: 1,
      handoffTime: '09:00',
      startsAt: iso(-HOUR),
      members: ['user:default/ann'],
      restrictions: [],
    },
  ],
  ...body,
});

/**
 * Declares on-call route tests once per engine; `start` gives the on-call backend on a fresh
 * database, plus any extra features.
 */
export function describeOnCallRoutes(
  tests: (start: (features?: any[]) => Promise<Server>) => void,
): void {
  describe('on-call routes', () => {
    startOnEachDatabase(startOnCallBackend, tests);
  });
}
