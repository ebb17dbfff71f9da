/*
 * The synthetic catalog behind a loopback HTTP server that answers `POST /entities/by-refs`
 * the way Backstage's catalog does: for each requested ref, in order, the stored entity (the
 * catalog keeps each final entity as JSON text and writes it out as is) or null, optionally
 * narrowed by a fields filter. Baseline (a) walks it with @backstage/catalog-client's
 * CatalogClient, so it pays what catalog-graph pays per level: a request, the catalog's
 * lookups and JSON out, the transfer, and the client's JSON parse of full entities. No SQL:
 * the real catalog also reads final_entities rows from its database for every request, so
 * this is a lower bound on a real catalog.
 */
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

function select(entity: any, fields: string[]): unknown {
  const out: any = {};
  for (const field of fields) {
    const parts = field.split('.');
    let value = entity;
    for (const part of parts) value = value?.[part];
    if (value === undefined) continue;
    let target = out;
    for (const part of parts.slice(0, -1)) target = target[part] ??= {};
    target[parts[parts.length - 1]] = value;
  }
  return out;
}

export class CatalogHttpServer {
  private readonly rows = new Map<string, string>();
  private server?: Server;
  requests = 0;

  constructor(entities: Entity[]) {
    for (const entity of entities) {
      this.rows.set(stringifyEntityRef(entity), JSON.stringify(entity));
    }
  }

  /** Starts listening on a free loopback port; answers the catalog's base URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      if (req.method !== 'POST' || !req.url?.startsWith('/entities/by-refs')) {
        res.writeHead(404).end();
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => {
        this.requests++;
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const fields: string[] | undefined = body.fields?.length
          ? body.fields
          : undefined;
        const items = (body.entityRefs as string[]).map(ref => {
          const row = this.rows.get(ref);
          if (!row) return 'null';
          return fields ? JSON.stringify(select(JSON.parse(row), fields)) : row;
        });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(`{"items":[${items.join(',')}]}`);
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop() {
    await new Promise(resolve => this.server?.close(resolve));
  }
}
