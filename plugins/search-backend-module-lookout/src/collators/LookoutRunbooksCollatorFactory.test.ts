import { TestDatabases } from '@backstage/backend-test-utils';
import { TestPipeline } from '@backstage/plugin-search-backend-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  LookoutRunbooksCollatorFactory,
  RunbookSearchDocument,
} from './LookoutRunbooksCollatorFactory';
import {
  collatorOptions,
  startIncidentsBackend,
} from './__testUtils__/incidentsBackend';

jest.setTimeout(60_000);

describe('LookoutRunbooksCollatorFactory', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let dir: string;
  let baseUrl: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'collator-'));
    fs.mkdirSync(path.join(dir, 'runbooks'));
    fs.writeFileSync(
      path.join(dir, 'runbooks', 'db.md'),
      '# Postgres\n\n## Steps\n\n- [ ] Check **replication** lag\n- [ ] Fail over',
    );
    // the real incidents backend, so the collator meets the real route and its auth
    baseUrl = await startIncidentsBackend(databases, [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'postgres-main',
          namespace: 'default',
          annotations: {
            'backstage.io/managed-by-location': `file:${dir}/entities.yaml`,
            'lookout.dev/runbooks': './runbooks/db.md,./runbooks/gone.md',
          },
        },
        spec: { type: 'database', owner: 'group:default/platform' },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'checkout-service', namespace: 'default' },
        spec: { type: 'service', owner: 'group:default/checkout' },
      },
    ]);
    const created = await fetch(`${baseUrl}/runbooks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        title: 'Checkout rollback',
        markdown: '1. [ ] Roll back with `argocd app rollback checkout`',
        entityRefs: ['component:default/checkout-service'],
      }),
    });
    if (created.status !== 201) {
      throw new Error(`creating a runbook: ${await created.text()}`);
    }
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('indexes every readable runbook with a link to its entity and its visibility', async () => {
    const factory = new LookoutRunbooksCollatorFactory(
      collatorOptions(baseUrl),
    );
    expect(factory.type).toBe('lookout-runbook');
    expect(factory.visibilityPermission.name).toBe('catalog.entity.read');

    const { documents } = await TestPipeline.fromCollator(
      await factory.getCollator(),
    ).execute();
    const byTitle = Object.fromEntries(
      (documents as RunbookSearchDocument[]).map(d => [d.title, d]),
    );
    expect(Object.keys(byTitle).sort()).toEqual([
      'Checkout rollback',
      'Postgres',
    ]);
    expect(byTitle.Postgres).toEqual({
      title: 'Postgres',
      text: 'Postgres\n\nSteps\n\nCheck replication lag\nFail over',
      location: expect.stringMatching(
        /^\/catalog\/default\/resource\/postgres-main\/runbooks\?runbook=ext-[0-9a-f]{24}$/,
      ),
      authorization: { resourceRef: 'resource:default/postgres-main' },
      runbookId: expect.stringMatching(/^ext-/),
      source: 'repository',
      entityRefs: ['resource:default/postgres-main'],
      url: `file://${dir}/runbooks/db.md`,
    });
    expect(byTitle['Checkout rollback']).toMatchObject({
      text: 'Roll back with argocd app rollback checkout',
      location: `/catalog/default/component/checkout-service/runbooks?runbook=${byTitle['Checkout rollback'].runbookId}`,
      authorization: { resourceRef: 'component:default/checkout-service' },
      source: 'lookout',
    });
  });

  it('fails the run when the incidents backend refuses it', async () => {
    const factory = new LookoutRunbooksCollatorFactory(
      collatorOptions(`${baseUrl}/nowhere`),
    );
    const result = await TestPipeline.fromCollator(
      await factory.getCollator(),
    ).execute();
    expect(result.documents).toEqual([]);
    expect(result.error).toEqual(
      expect.objectContaining({ name: 'ResponseError', statusCode: 404 }),
    );
  });
});
