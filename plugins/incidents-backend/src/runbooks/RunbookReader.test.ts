import { mockServices } from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { parseRunbookSteps } from '@lookout/plugin-incidents-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { startFileServer } from './__testUtils__/fileServer';
import { resolveRunbookEntries, RunbookReader } from './RunbookReader';

const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service', annotations },
});

describe('resolveRunbookEntries', () => {
  it('resolves paths against the source location the way TechDocs does', () => {
    expect(
      resolveRunbookEntries(
        entity({
          'backstage.io/source-location':
            'url:https://github.com/northwind/checkout/tree/main/',
          'backstage.io/managed-by-location':
            'url:https://github.com/northwind/catalog/blob/main/all.yaml',
          'lookout.dev/runbooks':
            './docs/runbook.md, /ops/db.md,https://wiki.example.com/rb.md',
        }),
        integrations,
      ),
    ).toEqual([
      {
        entry: './docs/runbook.md',
        location: {
          type: 'url',
          target:
            'https://github.com/northwind/checkout/tree/main/docs/runbook.md',
        },
      },
      {
        entry: '/ops/db.md',
        location: {
          type: 'url',
          target: 'https://github.com/northwind/checkout/tree/main/ops/db.md',
        },
      },
      {
        entry: 'https://wiki.example.com/rb.md',
        location: { type: 'url', target: 'https://wiki.example.com/rb.md' },
      },
    ]);
  });

  it('falls back to the location the catalog read the entity from', () => {
    expect(
      resolveRunbookEntries(
        entity({
          'backstage.io/managed-by-location':
            'url:https://github.com/northwind/checkout/blob/main/catalog-info.yaml',
          'lookout.dev/runbooks': 'runbooks/checkout.md',
        }),
        integrations,
      ),
    ).toEqual([
      {
        entry: 'runbooks/checkout.md',
        location: {
          type: 'url',
          // GitHub's integration resolves a file's sibling as a tree URL; its reader reads both
          target:
            'https://github.com/northwind/checkout/tree/main/runbooks/checkout.md',
        },
      },
    ]);
    expect(
      resolveRunbookEntries(
        entity({
          'backstage.io/managed-by-location': 'file:/srv/catalog/entities.yaml',
          'lookout.dev/runbooks': './runbooks/checkout.md',
        }),
        integrations,
      ),
    ).toEqual([
      {
        entry: './runbooks/checkout.md',
        location: { type: 'file', target: '/srv/catalog/runbooks/checkout.md' },
      },
    ]);
  });

  it('reports entries it cannot resolve, and keeps the others', () => {
    const resolved = resolveRunbookEntries(
      entity({
        'backstage.io/managed-by-location': 'file:/srv/catalog/entities.yaml',
        'lookout.dev/runbooks':
          '../../etc/passwd,ftp://host/x.md,./ok.md,,./ok.md',
      }),
      integrations,
    );
    expect(resolved).toEqual([
      {
        entry: '../../etc/passwd',
        error: expect.stringMatching(/leaves the directory/),
      },
      {
        entry: 'ftp://host/x.md',
        error: expect.stringMatching(/http\(s\) URL/),
      },
      {
        entry: './ok.md',
        location: { type: 'file', target: '/srv/catalog/ok.md' },
      },
    ]);
    expect(
      resolveRunbookEntries(
        entity({ 'lookout.dev/runbooks': './x.md' }),
        integrations,
      ),
    ).toEqual([
      { entry: './x.md', error: expect.stringMatching(/no source location/) },
    ]);
  });
});

describe('RunbookReader', () => {
  let server: Awaited<ReturnType<typeof startFileServer>>;
  let dir: string;

  beforeAll(async () => {
    server = await startFileServer({
      '/rb.md': '# Checkout\n\n- [ ] Roll back',
      '/binary.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff, 0xfe]),
      '/wiki': '<!DOCTYPE html><html><body>Runbook</body></html>',
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbooks-'));
    fs.writeFileSync(path.join(dir, 'local.md'), '\uFEFF# Local\n- [ ] Step');
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function reader(options: { allow?: boolean; now?: () => number } = {}) {
    const config = new ConfigReader({
      backend: {
        reading: {
          allow: options.allow === false ? [] : [{ host: server.host }],
        },
      },
    });
    return new RunbookReader({
      urlReader: UrlReaders.default({
        config,
        logger: mockServices.logger.mock(),
      }),
      cacheTtlMs: 1000,
      maxBytes: 1000,
      clock: options.now,
    });
  }

  it('reads markdown over HTTP through the UrlReader and from local files', async () => {
    const r = reader();
    expect(await r.read({ type: 'url', target: server.url('/rb.md') })).toEqual(
      {
        markdown: '# Checkout\n\n- [ ] Roll back',
      },
    );
    expect(
      await r.read({ type: 'file', target: path.join(dir, 'local.md') }),
    ).toEqual({ markdown: '# Local\n- [ ] Step' });
  });

  it('answers missing, binary, oversized, HTML and forbidden files with a reason', async () => {
    const r = reader();
    expect(
      await r.read({ type: 'url', target: server.url('/gone.md') }),
    ).toEqual({ error: expect.stringMatching(/gone\.md was not found/) });
    expect(
      await r.read({ type: 'file', target: path.join(dir, 'gone.md') }),
    ).toEqual({ error: expect.stringMatching(/gone\.md was not found/) });
    expect(
      await r.read({ type: 'url', target: server.url('/binary.md') }),
    ).toEqual({ error: expect.stringMatching(/not UTF-8|binary/) });
    expect(await r.read({ type: 'url', target: server.url('/wiki') })).toEqual({
      error: expect.stringMatching(/web page, not markdown/),
    });
    fs.writeFileSync(path.join(dir, 'huge.md'), 'x'.repeat(2000));
    expect(
      await r.read({ type: 'file', target: path.join(dir, 'huge.md') }),
    ).toEqual({ error: expect.stringMatching(/too large \(2000 bytes\)/) });
    expect(
      await reader({ allow: false }).read({
        type: 'url',
        target: server.url('/rb.md'),
      }),
    ).toEqual({ error: expect.stringMatching(/backend\.reading\.allow/) });
  });

  it('keeps a file for its time to live, then revalidates it with its ETag', async () => {
    let now = 0;
    const r = reader({ now: () => now });
    const target = server.url('/rb.md');
    const before = server.requests.length;
    await r.read({ type: 'url', target });
    await r.read({ type: 'url', target });
    expect(server.requests.slice(before)).toEqual([
      { path: '/rb.md', status: 200 },
    ]);
    now = 5000;
    expect(await r.read({ type: 'url', target })).toEqual({
      markdown: '# Checkout\n\n- [ ] Roll back',
    });
    expect(server.requests.slice(before)).toEqual([
      { path: '/rb.md', status: 200 },
      { path: '/rb.md', status: 304 },
    ]);
  });
});

describe('the demo catalog', () => {
  it('names runbooks that resolve, read and have checklist steps', async () => {
    const examples = path.resolve(__dirname, '../../../../examples');
    const entities = parseAllDocuments(
      fs.readFileSync(path.join(examples, 'entities.yaml'), 'utf8'),
    )
      .map(doc => doc.toJS() as Entity)
      .filter(e => e?.metadata?.annotations?.['lookout.dev/runbooks']);
    expect(entities.length).toBeGreaterThan(10);
    const reader = new RunbookReader({
      urlReader: UrlReaders.default({
        config: new ConfigReader({}),
        logger: mockServices.logger.mock(),
      }),
    });
    for (const demoEntity of entities) {
      // as the catalog annotates an entity read from a `file` location
      demoEntity.metadata.annotations![
        'backstage.io/managed-by-location'
      ] = `file:${path.join(examples, 'entities.yaml')}`;
      for (const resolved of resolveRunbookEntries(demoEntity, integrations)) {
        if (!('location' in resolved)) throw new Error(resolved.error);
        const read = await reader.read(resolved.location);
        if (!('markdown' in read)) throw new Error(read.error);
        expect({
          entry: resolved.entry,
          steps: parseRunbookSteps(read.markdown).length > 0,
        }).toEqual({ entry: resolved.entry, steps: true });
      }
    }
  });
});
