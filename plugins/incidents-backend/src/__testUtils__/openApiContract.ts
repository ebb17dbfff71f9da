import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { loadOpenApiDocument } from '../router';

/**
 * Checks HTTP answers against openapi.yaml, so the hand-written document cannot drift from what
 * the routers really send. Object schemas are closed: a field the document does not name is a
 * violation, as are a wrong type, a missing required field, an undocumented status, and a JSON
 * success body where the document promises none. Error bodies without a documented schema must
 * be Backstage error bodies (`#/components/schemas/Error`).
 */

/** The base path every documented path sits under (the document's `servers`). */
export const BASE_PATH = '/api/incidents';

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

type Json = any;

/** One documented operation: `GET /incidents/{id}`. */
export type OperationKey = string;

/** What a checked answer was: its operation, status and the problems found (none when valid). */
export type ResponseCheck = {
  operation?: OperationKey;
  status: number;
  problems: string[];
};

// Keywords whose value is one subschema, or a map or list of them; everything else in a schema
// (enum, default, example, const) is data and must not be rewritten.
const ONE_SCHEMA = ['items', 'additionalProperties', 'unevaluatedProperties'];
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs'];
const BRANCHES = ['allOf', 'anyOf', 'oneOf'];
// Conditions and their outcomes only add to the schema that holds them: they stay open.
const CONDITIONS = ['if', 'then', 'else', 'not', 'contains', 'propertyNames'];

/**
 * `schema` with every object that lists its fields closed (`unevaluatedProperties: false`)
 * unless it already says what extra fields may be. A branch of allOf/anyOf/oneOf and a
 * component's root stay open: the schema that combines or references them closes them, so
 * `allOf: [Base, {extra}]` still allows `extra`.
 */
export function closeObjects(schema: Json, open = false): Json {
  if (Array.isArray(schema)) return schema.map(s => closeObjects(s));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries<Json>(schema)) {
    if (BRANCHES.includes(key) && Array.isArray(value)) {
      out[key] = value.map(branch => closeObjects(branch, true));
    } else if (
      SCHEMA_MAPS.includes(key) &&
      value &&
      typeof value === 'object'
    ) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, s]) => [name, closeObjects(s)]),
      );
    } else if (ONE_SCHEMA.includes(key) || key === 'prefixItems') {
      out[key] = closeObjects(value);
    } else if (CONDITIONS.includes(key)) {
      out[key] = closeObjects(value, true);
    } else {
      out[key] = value;
    }
  }
  // A bare `type: object` names no fields, so it promises none: it stays a free-form object.
  const describesObject =
    'properties' in out || '$ref' in out || BRANCHES.some(key => key in out);
  if (
    !open &&
    describesObject &&
    !('additionalProperties' in out) &&
    !('unevaluatedProperties' in out)
  ) {
    out.unevaluatedProperties = false;
  }
  return out;
}

/** The document with every schema in it closed (see closeObjects). */
function closeDocument(document: Json): Json {
  const content = (holder: Json) => {
    for (const media of Object.values<Json>(holder?.content ?? {})) {
      if (media.schema) media.schema = closeObjects(media.schema);
    }
  };
  const parameters = (list: Json[] | undefined) =>
    list?.forEach(p => {
      if (p.schema) p.schema = closeObjects(p.schema);
    });
  const closed = structuredClone(document);
  for (const item of Object.values<Json>(closed.paths ?? {})) {
    parameters(item.parameters);
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      parameters(operation.parameters);
      content(operation.requestBody);
      Object.values(operation.responses ?? {}).forEach(content);
    }
  }
  const components = closed.components ?? {};
  for (const [name, schema] of Object.entries<Json>(components.schemas ?? {})) {
    components.schemas[name] = closeObjects(schema, true);
  }
  Object.values(components.responses ?? {}).forEach(content);
  Object.values(components.requestBodies ?? {}).forEach(content);
  parameters(Object.values(components.parameters ?? {}));
  return closed;
}

const pointer = (...parts: string[]) =>
  `#/${parts.map(p => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/** The document compiled for checking: path matching and one validator per schema. */
export class OpenApiContract {
  private readonly ajv: Ajv2020;
  private readonly document: Json;
  private readonly templates: Array<{ template: string; pattern: RegExp }>;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: Json = loadOpenApiDocument()) {
    this.document = closeDocument(document);
    this.ajv = new Ajv2020({
      allErrors: true,
      strict: false,
      validateSchema: false,
    });
    addFormats(this.ajv);
    this.ajv.addSchema(this.document, 'openapi');
    // Literal paths first, so /incidents/metrics is not taken for /incidents/{id}.
    this.templates = Object.keys(this.document.paths ?? {})
      .map(template => ({
        template,
        params: (template.match(/\{/g) ?? []).length,
        pattern: new RegExp(
          `^${template
            .split(/\{[^}]+\}/)
            .map(part => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
            .join('[^/]+')}$`,
        ),
      }))
      .sort((a, b) => a.params - b.params)
      .map(({ template, pattern }) => ({ template, pattern }));
  }

  /** Every documented operation, `GET /incidents/{id}`. */
  operations(): OperationKey[] {
    return Object.entries<Json>(this.document.paths ?? {}).flatMap(
      ([template, item]) =>
        METHODS.filter(m => item[m]).map(m => `${m.toUpperCase()} ${template}`),
    );
  }

  /** A pointer to every request and response schema of every operation. */
  schemaPointers(): string[] {
    return this.operations().flatMap(key => {
      const [method, template] = key.split(' ');
      const at = ['paths', template, method.toLowerCase()];
      const operation = this.operation(key);
      const schemas = (holder: Json, ...path: string[]) =>
        Object.entries<Json>(holder?.content ?? {})
          .filter(([, media]) => media.schema)
          .map(([type]) => pointer(...at, ...path, 'content', type, 'schema'));
      return [
        ...schemas(operation.requestBody, 'requestBody'),
        ...Object.entries<Json>(operation.responses ?? {}).flatMap(
          ([status, response]) => schemas(response, 'responses', status),
        ),
      ];
    });
  }

  /** The documented operation `method` and `path` (under BASE_PATH, no query) reach. */
  operationOf(method: string, path: string): OperationKey | undefined {
    const match = this.templates.find(
      t =>
        t.pattern.test(path) &&
        this.document.paths[t.template][method.toLowerCase()],
    );
    return match ? `${method.toUpperCase()} ${match.template}` : undefined;
  }

  /** The operation object of `key`. */
  operation(key: OperationKey): Json {
    const [method, template] = key.split(' ');
    return this.document.paths[template][method.toLowerCase()];
  }

  /**
   * The errors openapi.yaml's description allows on every operation without listing them, each
   * with an Error body: 401 and 403 (Backstage's auth and the permission framework), 413 and 415
   * (the body parser), 5xx; 400 where the operation reads a body or parameters; 404 where its
   * path names something.
   */
  answersAnywhere(key: OperationKey, status: number): boolean {
    if ([401, 403, 413, 415].includes(status) || status >= 500) return true;
    const [, template] = key.split(' ');
    const operation = this.operation(key);
    if (status === 400) {
      return Boolean(
        operation.requestBody ||
          operation.parameters?.length ||
          this.document.paths[template].parameters?.length,
      );
    }
    return status === 404 && template.includes('{');
  }

  /** The request body schema of `key`, resolved, or undefined when it takes no JSON body. */
  requestSchema(key: OperationKey): Json | undefined {
    const [method, template] = key.split(' ');
    return this.operation(key).requestBody?.content?.['application/json']
      ?.schema
      ? pointer(
          'paths',
          template,
          method.toLowerCase(),
          'requestBody',
          'content',
          'application/json',
          'schema',
        )
      : undefined;
  }

  /** Problems of `body` against the schema at `ref` (a pointer into the document). */
  validate(ref: string, body: unknown): string[] {
    let validator = this.validators.get(ref);
    if (!validator) {
      validator = this.ajv.getSchema(`openapi${ref}`);
      if (!validator) throw new Error(`openapi.yaml has no schema at ${ref}`);
      this.validators.set(ref, validator);
    }
    if (validator(body)) return [];
    return (validator.errors ?? []).map(
      e =>
        `${e.instancePath || '(body)'} ${e.message}${
          e.params && Object.keys(e.params).length
            ? ` ${JSON.stringify(e.params)}`
            : ''
        }`,
    );
  }

  /**
   * Checks one answer. `url` may be absolute; answers outside BASE_PATH are not Lookout's and
   * get no operation. `body` is the parsed JSON body (undefined when the answer is not JSON).
   */
  checkResponse(answer: {
    method: string;
    url: string;
    status: number;
    contentType?: string;
    body?: unknown;
  }): ResponseCheck {
    const { status } = answer;
    const path = new URL(answer.url, 'http://lookout.test').pathname;
    const local = path.slice(BASE_PATH.length) || '/';
    // Backstage's own routes on every plugin (permission conditions) are not Lookout's API.
    if (!path.startsWith(BASE_PATH) || local.startsWith('/.well-known/')) {
      return { status, problems: [] };
    }
    const operation = this.operationOf(answer.method, local);
    if (!operation) {
      // Unknown routes answer 404 by design; anything else is a route openapi.yaml misses.
      return {
        status,
        problems:
          status === 404
            ? []
            : [
                `${answer.method} ${local} answered ${status} but is not documented`,
              ],
      };
    }
    const [method, template] = operation.split(' ');
    const responses = this.operation(operation).responses ?? {};
    const statusKey = [
      String(status),
      `${String(status)[0]}XX`,
      'default',
    ].find(key => key in responses);
    const problems: string[] = [];
    const mediaType = (answer.contentType ?? '').split(';')[0].trim();
    const isJson = /[/+]json$/.test(mediaType);
    if (!statusKey) {
      if (!this.answersAnywhere(operation, status)) {
        problems.push(`status ${status} is not documented for ${operation}`);
      }
      if (status >= 400 && isJson) {
        problems.push(
          ...this.validate('#/components/schemas/Error', answer.body).map(
            p => `error body: ${p}`,
          ),
        );
      }
      return { operation, status, problems };
    }
    let response = responses[statusKey];
    const responsePointer = response.$ref
      ? response.$ref
      : pointer(
          'paths',
          template,
          method.toLowerCase(),
          'responses',
          statusKey,
        );
    if (response.$ref) {
      response = response.$ref
        .slice(2)
        .split('/')
        .reduce((node: Json, part: string) => node?.[part], this.document);
    }
    const content = response?.content ?? {};
    // No content, or not modified: nothing to check but the status.
    if (status === 204 || status === 304 || !mediaType) {
      return { operation, status, problems };
    }
    if (Object.keys(content).length === 0) {
      if (status < 400 && isJson) {
        problems.push(
          `${operation} ${status} answered a JSON body but documents none`,
        );
      } else if (status >= 400 && isJson) {
        problems.push(
          ...this.validate('#/components/schemas/Error', answer.body).map(
            p => `error body: ${p}`,
          ),
        );
      }
      return { operation, status, problems };
    }
    const documented = Object.keys(content).find(
      type => type === mediaType || type === '*/*',
    );
    if (!documented) {
      problems.push(
        `${operation} ${status} answered ${mediaType}, documents ${Object.keys(
          content,
        ).join(', ')}`,
      );
      return { operation, status, problems };
    }
    if (isJson && content[documented].schema) {
      problems.push(
        ...this.validate(
          `${responsePointer}/content/${documented.replace(
            /\//g,
            '~1',
          )}/schema`,
          answer.body,
        ),
      );
    }
    return { operation, status, problems };
  }
}

let shared: OpenApiContract | undefined;

/** The contract of openapi.yaml, compiled once per test file. */
export function openApiContract(): OpenApiContract {
  shared ??= new OpenApiContract();
  return shared;
}

/** Documented operations answered, and checked, in this test file: operation -> statuses. */
export const exercised = new Map<OperationKey, Set<number>>();

/**
 * Makes every supertest request in this test file check its answer against openapi.yaml after
 * the test's own expectations: a violation fails the request with the problems listed. Loaded
 * by setupTests.ts, so every route test checks the contract without asking.
 */
export function checkSupertestAnswers() {
  const { Test } = require('supertest');
  if (Test.prototype.assert.openApiChecked) return;
  const assert = Test.prototype.assert;
  const checked = function assertAndCheck(
    this: { method: string; url: string },
    error: unknown,
    res: any,
    done: (err: unknown, res: unknown) => void,
  ) {
    return assert.call(this, error, res, (err: unknown, answer: any) => {
      if (err || !answer) return done(err, answer);
      let check: ResponseCheck;
      try {
        check = openApiContract().checkResponse({
          method: this.method,
          url: this.url,
          status: answer.status,
          contentType: answer.headers?.['content-type'],
          body: answer.body,
        });
      } catch (e) {
        // A schema ajv cannot compile is a broken document: fail the request, not the runner.
        check = { status: answer.status, problems: [String(e)] };
      }
      if (check.operation && check.problems.length === 0) {
        const statuses = exercised.get(check.operation) ?? new Set();
        statuses.add(check.status);
        exercised.set(check.operation, statuses);
      }
      if (check.problems.length === 0) return done(null, answer);
      return done(
        new Error(
          `${this.method} ${this.url} -> ${
            answer.status
          } breaks openapi.yaml:\n  ${check.problems.join('\n  ')}`,
        ),
        answer,
      );
    });
  };
  checked.openApiChecked = true;
  Test.prototype.assert = checked;
}
