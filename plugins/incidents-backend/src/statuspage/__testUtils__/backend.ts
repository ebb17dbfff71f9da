import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { ANNOTATION_STATUS_PAGE_COMPONENT } from '@lookout/plugin-incidents-common';
import { Knex } from 'knex';
import { Server } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { startIncidentsBackend } from '../../__testUtils__/backend';
import { catalogEntity } from '../../__testUtils__/catalog';
import { startOnEachDatabase } from '../../__testUtils__/databases';

const entity = (
  name: string,
  options: { component?: string; relations?: Array<[string, string]> } = {},
): Entity =>
  catalogEntity('Component', name, {
    owner: 'group:default/shop-team',
    annotations: options.component
      ? { [ANNOTATION_STATUS_PAGE_COMPONENT]: options.component }
      : undefined,
    relations: options.relations,
  });

/**
 * Checkout (group Shopping) is checkout-service, which depends on mysql; Website is
 * storefront-web; Search (group Shopping) is search-api. mysql is on no component: an incident
 * there reaches Checkout only through the blast radius.
 */
export const statusPageEntities: Entity[] = [
  entity('checkout-service', {
    component: 'Shopping/Checkout',
    relations: [['dependsOn', 'component:default/mysql']],
  }),
  entity('mysql', {
    relations: [['dependencyOf', 'component:default/checkout-service']],
  }),
  entity('storefront-web', { component: 'Website' }),
  entity('search-api', { component: 'Shopping/Search' }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'shop-team', namespace: 'default' },
    spec: {},
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'mock', namespace: 'default' },
    spec: {},
  },
];

/** The plugin on a test backend with the status-page catalog and `incidents.statusPage` config. */
export async function startStatusPageBackend(
  knex: Knex,
  options: { statusPage?: JsonObject; features?: any[] } = {},
): Promise<Server> {
  return startIncidentsBackend(knex, {
    entities: statusPageEntities,
    config: {
      incidents: {
        statusPage: { name: 'Acme', id: 'acmetest', ...options.statusPage },
      },
    },
    features: options.features,
  });
}

/**
 * Declares status page route tests once per engine; `start` gives the status-page backend on
 * a fresh database, with these options.
 */
export function describeStatusPageRoutes(
  tests: (
    start: (
      options?: Parameters<typeof startStatusPageBackend>[1],
    ) => Promise<Server>,
  ) => void,
): void {
  describe('status page routes', () => {
    startOnEachDatabase(startStatusPageBackend, tests);
  });
}

export interface CapturedMail {
  to: string;
  raw: string;
}

/** An in-process SMTP sink: every message it accepts lands in `messages`. */
export async function startSmtpSink(): Promise<{
  port: number;
  messages: CapturedMail[];
  close: () => Promise<void>;
}> {
  const messages: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', chunk => {
        raw += chunk.toString('utf8');
      });
      stream.on('end', () => {
        // undo the body's quoted-printable soft breaks and escapes, so tests can read long
        // links; the headers are not encoded that way (a token there may start with "3D")
        const split = raw.search(/\r?\n\r?\n/);
        const head = split < 0 ? raw : raw.slice(0, split);
        const body = split < 0 ? '' : raw.slice(split);
        const text =
          head +
          body
            .replace(/=\r?\n/g, '')
            .replace(/=([0-9A-F]{2})/g, (_, hex) =>
              String.fromCharCode(parseInt(hex, 16)),
            );
        for (const rcpt of session.envelope.rcptTo) {
          messages.push({ to: rcpt.address, raw: text });
        }
        callback();
      });
    },
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const address = (server as any).server.address();
  return {
    port: address.port,
    messages,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
