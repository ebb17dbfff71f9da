import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { LookoutClient } from './LookoutClient';
import { LookoutServiceRequestOptions } from './LookoutService';

/** What the fake incidents backend was asked. */
interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('LookoutClient', () => {
  let server: http.Server;
  let baseUrl: string;
  let received: Received[];
  /** What the fake backend answers next. */
  let answer: { status: number; body: unknown };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', chunk => {
        body += chunk;
      });
      req.on('end', () => {
        received.push({
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body,
        });
        // a string is sent as plain text, as a proxy in front of the backend might answer
        const text = typeof answer.body === 'string';
        res.writeHead(answer.status, {
          'Content-Type': text ? 'text/plain' : 'application/json',
        });
        res.end(text ? answer.body : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

  beforeEach(() => {
    received = [];
    answer = { status: 200, body: { items: [] } };
  });

  const client = () =>
    new LookoutClient({
      auth: mockServices.auth({ pluginId: 'chat' }),
      discovery: {
        async getBaseUrl(pluginId) {
          return `${baseUrl}/api/${pluginId}`;
        },
        async getExternalBaseUrl(pluginId) {
          return `${baseUrl}/api/${pluginId}`;
        },
      },
    });
  const asPlugin: LookoutServiceRequestOptions = {
    credentials: mockCredentials.service('plugin:chat'),
  };

  it('calls the incidents plugin with a token made for the given credentials', async () => {
    answer = { status: 200, body: { id: 'INC-7' } };
    await expect(client().getIncident('INC-7', asPlugin)).resolves.toEqual({
      id: 'INC-7',
    });
    expect(received).toEqual([
      expect.objectContaining({
        method: 'GET',
        url: '/api/incidents/incidents/INC-7',
        body: '',
      }),
    ]);
    expect(received[0].headers.authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: asPlugin.credentials,
        targetPluginId: 'incidents',
      }),
    );

    // a user's credentials make a token on that user's behalf
    const asUser = { credentials: mockCredentials.user('user:default/jo') };
    await client().getIncident('INC-7', asUser);
    expect(received[1].headers.authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: asUser.credentials,
        targetPluginId: 'incidents',
      }),
    );
  });

  it('sends list filters as the query, a list as the key repeated', async () => {
    answer = { status: 200, body: { items: [], nextCursor: 'c2' } };
    await expect(
      client().listIncidents(
        {
          entityRef: 'component:default/checkout',
          status: ['triage', 'investigating'],
          severity: ['SEV1'],
          q: 'carts & payments',
          from: undefined,
          limit: 50,
        },
        asPlugin,
      ),
    ).resolves.toEqual({ items: [], nextCursor: 'c2' });
    const url = new URL(received[0].url, baseUrl);
    expect(url.pathname).toBe('/api/incidents/incidents');
    expect([...url.searchParams]).toEqual([
      ['entityRef', 'component:default/checkout'],
      ['status', 'triage'],
      ['status', 'investigating'],
      ['severity', 'SEV1'],
      ['q', 'carts & payments'],
      ['limit', '50'],
    ]);

    await client().listIncidents(undefined, asPlugin);
    expect(received[1].url).toBe('/api/incidents/incidents');
  });

  it('escapes ids in paths', async () => {
    answer = { status: 200, body: {} };
    await client().getPostmortem('a/b c', asPlugin);
    expect(received[0].url).toBe('/api/incidents/postmortems/a%2Fb%20c');
  });

  it.each([
    {
      call: (c: LookoutClient) =>
        c.declareIncident(
          {
            title: 'Carts empty',
            severity: 'SEV2',
            entityRef: 'component:default/checkout',
          },
          asPlugin,
        ),
      method: 'POST',
      url: '/api/incidents/incidents',
      body: {
        title: 'Carts empty',
        severity: 'SEV2',
        entityRef: 'component:default/checkout',
      },
    },
    {
      call: (c: LookoutClient) =>
        c.updateIncident('INC-1', { version: 3, severity: 'SEV1' }, asPlugin),
      method: 'PATCH',
      url: '/api/incidents/incidents/INC-1',
      body: { version: 3, severity: 'SEV1' },
    },
    {
      call: (c: LookoutClient) =>
        c.transitionIncident(
          'INC-1',
          { to: 'resolved', note: 'rolled back' },
          asPlugin,
        ),
      method: 'POST',
      url: '/api/incidents/incidents/INC-1/transition',
      body: { to: 'resolved', note: 'rolled back' },
    },
    {
      call: (c: LookoutClient) => c.acknowledgeIncident('INC-1', asPlugin),
      method: 'POST',
      url: '/api/incidents/incidents/INC-1/acknowledge',
      body: {},
    },
    {
      call: (c: LookoutClient) =>
        c.assignRole(
          'INC-1',
          { role: 'commander', userRef: 'user:default/jo' },
          asPlugin,
        ),
      method: 'POST',
      url: '/api/incidents/incidents/INC-1/roles',
      body: { role: 'commander', userRef: 'user:default/jo' },
    },
    {
      call: (c: LookoutClient) =>
        c.addNote('INC-1', 'Failing over **now**', asPlugin),
      method: 'POST',
      url: '/api/incidents/incidents/INC-1/notes',
      body: { markdown: 'Failing over **now**' },
    },
  ])(
    '$method $url sends its body as JSON',
    async ({ call, method, url, body }) => {
      answer = { status: 200, body: { id: 'answer' } };
      await expect(call(client())).resolves.toEqual({ id: 'answer' });
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ method, url });
      expect(received[0].headers['content-type']).toBe('application/json');
      expect(received[0].headers['idempotency-key']).toBeUndefined();
      expect(JSON.parse(received[0].body)).toEqual(body);
    },
  );

  it('sends an idempotency key with the writes that may be retried', async () => {
    answer = { status: 201, body: { id: 'INC-2' } };
    await client().declareIncident(
      { title: 'x', severity: 'SEV3', entityRef: 'component:default/a' },
      { ...asPlugin, idempotencyKey: 'chat-msg-123' },
    );
    await client().transitionIncident(
      'INC-2',
      { to: 'investigating' },
      { ...asPlugin, idempotencyKey: 'chat-msg-124' },
    );
    expect(received.map(r => r.headers['idempotency-key'])).toEqual([
      'chat-msg-123',
      'chat-msg-124',
    ]);
  });

  it.each([
    {
      call: (c: LookoutClient) => c.getTimeline('INC-1', asPlugin),
      url: '/api/incidents/incidents/INC-1/timeline',
    },
    {
      call: (c: LookoutClient) =>
        c.listRunbooks(
          { entityRef: 'component:default/a', q: 'fail over' },
          asPlugin,
        ),
      url: '/api/incidents/runbooks?entityRef=component%3Adefault%2Fa&q=fail+over',
    },
    {
      call: (c: LookoutClient) => c.getIncidentRunbooks('INC-1', asPlugin),
      url: '/api/incidents/incidents/INC-1/runbooks',
    },
    {
      call: (c: LookoutClient) => c.listRunbookDocuments(asPlugin),
      url: '/api/incidents/runbook-documents',
    },
  ])('GET $url answers its items', async ({ call, url }) => {
    answer = { status: 200, body: { items: [{ id: 'one' }] } };
    await expect(call(client())).resolves.toEqual([{ id: 'one' }]);
    expect(received).toEqual([expect.objectContaining({ method: 'GET', url })]);
  });

  it.each([
    {
      call: (c: LookoutClient) =>
        c.listPostmortems(
          { status: ['published'], tag: 'database', limit: 20 },
          asPlugin,
        ),
      url: '/api/incidents/postmortems?status=published&tag=database&limit=20',
    },
    {
      call: (c: LookoutClient) =>
        c.listPostmortemDocuments({ cursor: 'abc', limit: 200 }, asPlugin),
      url: '/api/incidents/postmortems/documents?cursor=abc&limit=200',
    },
  ])('GET $url answers the page', async ({ call, url }) => {
    answer = { status: 200, body: { items: [{ id: 'one' }], nextCursor: 'n' } };
    await expect(call(client())).resolves.toEqual({
      items: [{ id: 'one' }],
      nextCursor: 'n',
    });
    expect(received).toEqual([expect.objectContaining({ method: 'GET', url })]);
  });

  it("throws the backend's refusal as a ResponseError", async () => {
    answer = {
      status: 409,
      body: {
        error: { name: 'ConflictError', message: 'INC-1 changed: reload' },
        request: { method: 'PATCH', url: '/api/incidents/incidents/INC-1' },
        response: { statusCode: 409 },
      },
    };
    const failure = await client()
      .updateIncident('INC-1', { version: 1, title: 'x' }, asPlugin)
      .catch(e => e);
    expect(failure).toBeInstanceOf(ResponseError);
    expect(failure).toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      body: { error: { name: 'ConflictError' } },
      cause: { name: 'ConflictError', message: 'INC-1 changed: reload' },
    });
  });

  it('throws a ResponseError for a refusal without an error body too', async () => {
    answer = { status: 502, body: 'upstream down' };
    await expect(client().listRunbookDocuments(asPlugin)).rejects.toMatchObject(
      {
        name: 'ResponseError',
        statusCode: 502,
        cause: { message: expect.stringContaining('upstream down') },
      },
    );
  });
});
