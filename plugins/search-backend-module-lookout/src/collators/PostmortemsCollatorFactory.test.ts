import { TestDatabases } from '@backstage/backend-test-utils';
import { TestPipeline } from '@backstage/plugin-search-backend-node';
import {
  PostmortemsCollatorFactory,
  PostmortemSearchDocument,
} from './PostmortemsCollatorFactory';
import {
  collatorOptions,
  startIncidentsBackend,
} from './__testUtils__/incidentsBackend';

jest.setTimeout(60_000);

describe('PostmortemsCollatorFactory', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let baseUrl: string;

  const call = async (method: string, path: string, body?: object) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body && JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(
        `${method} ${path}: ${response.status} ${await response.text()}`,
      );
    }
    return response.json();
  };

  /** A resolved incident on checkout with a postmortem; published when asked. */
  const postmortem = async (title: string, publish: boolean) => {
    const incident = await call('POST', '/incidents', {
      title,
      severity: 'SEV2',
      entityRef: 'component:default/checkout-service',
    });
    await call('POST', `/incidents/${incident.id}/transition`, {
      to: 'resolved',
    });
    const created = await call('POST', '/postmortems', {
      incidentId: incident.id,
    });
    await call('PUT', `/postmortems/${created.id}/sections/root_cause`, {
      body: `The **pool** for ${title} was too small`,
      version: 1,
    });
    await call('PATCH', `/postmortems/${created.id}`, {
      version: 1,
      causeCategory: 'capacity',
      tags: ['database'],
    });
    if (publish) {
      await call('POST', `/postmortems/${created.id}/transition`, {
        to: 'published',
      });
    }
    return { incidentId: incident.id as string, id: created.id as string };
  };

  beforeAll(async () => {
    baseUrl = await startIncidentsBackend(databases, [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'checkout-service', namespace: 'default' },
        spec: { type: 'service', owner: 'group:default/checkout' },
      },
    ]);
  });

  it('indexes every published postmortem, page by page, visible to readers of its incident', async () => {
    const first = await postmortem('Carts empty', true);
    const second = await postmortem('Payments slow', true);
    await postmortem('Still a draft', false);
    const factory = new PostmortemsCollatorFactory({
      ...collatorOptions(baseUrl),
      pageSize: 1,
    });
    expect(factory.type).toBe('lookout-postmortem');
    expect(factory.visibilityPermission.name).toBe('incident.read');

    const { documents, error } = await TestPipeline.fromCollator(
      await factory.getCollator(),
    ).execute();
    expect(error).toBeUndefined();
    const byTitle = Object.fromEntries(
      (documents as PostmortemSearchDocument[]).map(d => [d.title, d]),
    );
    expect(Object.keys(byTitle).sort()).toEqual([
      'Postmortem: Carts empty',
      'Postmortem: Payments slow',
    ]);
    expect(byTitle['Postmortem: Carts empty']).toEqual({
      title: 'Postmortem: Carts empty',
      text: expect.stringContaining(
        'Root cause: The **pool** for Carts empty was too small',
      ),
      location: `/incidents/postmortems/${first.id}`,
      authorization: { resourceRef: first.incidentId },
      postmortemId: first.id,
      incidentId: first.incidentId,
      entityRef: 'component:default/checkout-service',
      // the mock catalog fills in no ownedBy relation, so the incident has no owner
      ownerRef: null,
      severity: 'SEV2',
      rootCauseEntityRef: null,
      causeCategory: 'capacity',
      tags: ['database'],
      publishedAt: expect.any(String),
    });
    expect(byTitle['Postmortem: Payments slow'].incidentId).toBe(
      second.incidentId,
    );
  });

  it('fails the run when the incidents backend refuses it', async () => {
    const factory = new PostmortemsCollatorFactory(
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
