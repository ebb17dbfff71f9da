import express from 'express';
import request from 'supertest';
import {
  checkSupertestAnswers,
  closeObjects,
  OpenApiContract,
  openApiContract,
} from './openApiContract';

const document = {
  openapi: '3.1.0',
  info: { title: 'test', version: '1' },
  paths: {
    '/things/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true }],
      get: {
        responses: {
          '200': {
            description: 'A thing',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/Thing' },
              },
            },
          },
        },
      },
      delete: { responses: { '204': { description: 'Gone' } } },
    },
    '/things/count': {
      get: { responses: { '200': { description: 'No schema given' } } },
    },
    '/things': {
      get: {
        responses: {
          '200': {
            description: 'Extended things',
            content: {
              'application/json': {
                schema: {
                  type: 'array',
                  items: {
                    allOf: [
                      { $ref: '#/components/schemas/Thing' },
                      {
                        type: 'object',
                        properties: { extra: { type: 'integer' } },
                      },
                    ],
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        additionalProperties: false,
        properties: {
          error: { type: 'object', required: ['message'] },
          response: { type: 'object' },
        },
      },
      Thing: {
        type: 'object',
        required: ['id', 'at'],
        properties: {
          id: { type: 'string' },
          at: { type: 'string', format: 'date-time' },
          note: { type: 'string', nullable: true },
          owner: { type: 'object', properties: { ref: { type: 'string' } } },
          details: { type: 'object' },
        },
      },
    },
  },
};

const thing = { id: 'a', at: '2026-01-02T03:04:05.000Z', note: null };

describe('OpenApiContract', () => {
  const contract = new OpenApiContract(document);
  const get = (url: string, status: number, body: unknown) =>
    contract.checkResponse({
      method: 'GET',
      url: `http://localhost/api/incidents${url}`,
      status,
      contentType: 'application/json; charset=utf-8',
      body,
    });

  it('accepts an answer that keeps the document', () => {
    expect(get('/things/a', 200, thing)).toEqual({
      operation: 'GET /things/{id}',
      status: 200,
      problems: [],
    });
    expect(
      get('/things', 200, [{ ...thing, extra: 2, details: { any: 1 } }])
        .problems,
    ).toEqual([]);
  });

  it('prefers a literal path to a template', () => {
    expect(contract.operationOf('GET', '/things/count')).toBe(
      'GET /things/count',
    );
  });

  it('refuses a field the document does not name, also nested and in allOf', () => {
    expect(get('/things/a', 200, { ...thing, secret: 1 }).problems).toEqual([
      expect.stringContaining('unevaluated properties'),
    ]);
    expect(
      get('/things/a', 200, { ...thing, owner: { ref: 'x', name: 'y' } })
        .problems,
    ).toEqual([expect.stringContaining('/owner must NOT have unevaluated')]);
    expect(
      get('/things', 200, [{ ...thing, extra: 1, other: true }]).problems,
    ).toHaveLength(1);
  });

  it('refuses a wrong type, a missing field and a bad format', () => {
    expect(get('/things/a', 200, { ...thing, id: 7 }).problems).toEqual([
      expect.stringContaining('/id must be string'),
    ]);
    expect(get('/things/a', 200, { id: 'a' }).problems).toEqual([
      expect.stringContaining("must have required property 'at'"),
    ]);
    expect(
      get('/things/a', 200, { ...thing, at: 'yesterday' }).problems,
    ).toEqual([expect.stringContaining('must match format "date-time"')]);
  });

  it('refuses an undocumented status, route or body', () => {
    expect(get('/things/a', 201, thing).problems).toEqual([
      'status 201 is not documented for GET /things/{id}',
    ]);
    expect(get('/other', 200, {}).problems).toEqual([
      'GET /other answered 200 but is not documented',
    ]);
    expect(get('/things/count', 200, { n: 1 }).problems).toEqual([
      'GET /things/count 200 answered a JSON body but documents none',
    ]);
  });

  it('allows the errors every route may answer, in the error shape only', () => {
    const error = { error: { name: 'NotFoundError', message: 'no' } };
    expect(get('/things/a', 404, error).problems).toEqual([]);
    expect(get('/things/a', 403, error).problems).toEqual([]);
    expect(get('/things/count', 404, error).problems).toEqual([
      'status 404 is not documented for GET /things/count',
    ]);
    expect(get('/things/a', 404, { message: 'no' }).problems).toEqual([
      expect.stringContaining(
        "error body: (body) must have required property 'error'",
      ),
      expect.stringContaining('error body: (body) must NOT have additional'),
    ]);
  });

  it('ignores answers outside the plugin', () => {
    expect(
      contract.checkResponse({
        method: 'GET',
        url: 'http://localhost/elsewhere',
        status: 200,
      }).problems,
    ).toEqual([]);
  });

  it('closes objects that list their fields, but not allOf branches', () => {
    expect(
      closeObjects({
        type: 'object',
        properties: {
          a: { type: 'object', properties: {} },
          b: { type: 'object' },
        },
        allOf: [{ properties: { c: {} } }],
      }),
    ).toEqual({
      type: 'object',
      properties: {
        a: { type: 'object', properties: {}, unevaluatedProperties: false },
        b: { type: 'object' },
      },
      allOf: [{ properties: { c: {} } }],
      unevaluatedProperties: false,
    });
  });
});

describe('openapi.yaml', () => {
  it('has only schemas that compile', () => {
    const contract = openApiContract();
    const broken = contract.schemaPointers().flatMap(ref => {
      try {
        contract.validate(ref, null);
        return [];
      } catch (e) {
        return [`${ref}: ${e}`];
      }
    });
    expect(contract.schemaPointers().length).toBeGreaterThan(100);
    expect(broken).toEqual([]);
  });
});

describe('checked supertest answers', () => {
  // setupTests.ts hooks supertest (a second call changes nothing); a route that breaks the real
  // openapi.yaml must fail the test.
  checkSupertestAnswers();
  const app = express();
  app.get('/api/incidents/health', (_req, res) => {
    res.json({ status: 'ok', uptime: 3 });
  });
  app.get('/api/incidents/incidents/INC-1', (_req, res) => {
    res.json({ id: 'INC-1', title: 7 });
  });

  it('fails a request whose answer breaks the document', async () => {
    await expect(request(app).get('/api/incidents/health')).rejects.toThrow(
      /GET .*\/api\/incidents\/health -> 200 breaks openapi.yaml:\n.*unevaluatedProperty":"uptime"/,
    );
    await expect(
      request(app).get('/api/incidents/incidents/INC-1').expect(200),
    ).rejects.toThrow(/\/title must be string/);
  });

  it("reports the test's own failed expectation first", async () => {
    await expect(
      request(app).get('/api/incidents/health').expect(204),
    ).rejects.toThrow('expected 204 "No Content", got 200 "OK"');
  });
});
