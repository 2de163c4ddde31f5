/**
 * Property-based contract test: for every operation of the served contract, requests are derived
 * from its parameters and body schemas (valid values, boundary values and invalid ones, with and
 * without credentials), sent to the in-process app, and every answer is checked against the
 * contract: a documented status, never 5xx, a body valid against the response schema (Ajv, JSON
 * Schema 2020-12), and problem+json for every error. Fixed seed, bounded budget.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerStandardVocabulary } from '../../gateway/standard/formats.ts';
import { json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys } from '../support/registry.ts';

const SEED = 20_261_204;
const RUNS_PER_OPERATION = 10;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type Schema = Record<string, unknown>;
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: Schema };
type Operation = {
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: Schema }> }>;
};
type Doc = { paths: Record<string, Record<string, Operation>>; components: Record<string, Record<string, unknown>> };

/** A request derived from the contract. */
interface Derived {
  path: string;
  query: [string, string][];
  key: string | null;
  body?: { type: string; text: string };
}

let gw: TestGateway;
let doc: Doc;
let ajv: Ajv2020;

beforeAll(async () => {
  gw = await startTestGateway();
  doc = (await json(await gw.app.request('/openapi.json'))) as Doc;
  ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  registerStandardVocabulary(ajv);
  addFormats.default(ajv, ['uuid']);
  ajv.addSchema(doc as unknown as Schema, 'openapi');
  // Something for the derived requests to find: a record, and a pull subscription of the platform.
  const pushed = await gw.app.request('/v1/records', {
    method: 'POST',
    headers: { authorization: `Bearer ${keys.fujian}`, 'content-type': 'application/json' },
    body: JSON.stringify(headerRecord({ regionCode: '350203' })),
  });
  const subscribed = await gw.app.request('/v1/subscriptions', {
    method: 'POST',
    headers: { authorization: `Bearer ${keys.platform}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'prop-pull', mode: 'pull', from: 'beginning' }),
  });
  expect([pushed.status, subscribed.status]).toEqual([201, 201]);
});
afterAll(() => gw.close());

/** The value a local `$ref` names in the contract. */
function deref<T>(node: T | { $ref: string }): T {
  let value: unknown = node;
  while (value && typeof value === 'object' && typeof (value as { $ref?: unknown }).$ref === 'string') {
    const ref = (value as { $ref: string }).$ref;
    value = ref
      .slice(2)
      .split('/')
      .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], doc);
  }
  return value as T;
}

/** Values that a schema accepts, drawn from it (enums, bounds, patterns, formats, shapes); `depth` bounds nesting. */
function valid(schemaOrRef: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = deref(schemaOrRef);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const choices = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (choices) return fc.oneof(...choices.map((s) => valid(s, depth + 1)));
  if (depth > 4) return fc.constant(null);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'integer': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -5;
      const max = typeof schema.maximum === 'number' ? schema.maximum : min + 1000;
      return fc.oneof(fc.constantFrom(min, max), fc.integer({ min, max }));
    }
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 1e6 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valid((schema.items as Schema) ?? {}, depth + 1), { maxLength: 3 });
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required ?? []) as string[]);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, s] of Object.entries(properties)) record[name] = valid(s, depth + 1);
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in properties) });
    }
    case 'string':
      if (schema.format === 'date-time')
        return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'date')
        return fc
          .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10));
      if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= 64);
      return fc.string({ minLength: typeof schema.minLength === 'number' ? schema.minLength : 0, maxLength: 24 });
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Values a parameter of this schema may be sent as, valid or not. */
function parameterValue(schema: Schema): fc.Arbitrary<string> {
  const invalid = fc.oneof(fc.constantFrom('', '-1', '1e3', '9999999999', 'true', '%', '0x10', '２０２６'), fc.string({ maxLength: 12 }));
  return fc.oneof(
    { weight: 3, arbitrary: valid(schema).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) },
    { weight: 1, arbitrary: invalid },
  );
}

/** Ids a path parameter may name: ones the test gateway knows, and made-up ones. */
const knownIds = fc.constantFrom('fj-gpms', 'fz-gpms', 'prop-pull', 'N-TEST', 'ocds-px0001-TEST', '2026-03-01');

/** A request body for one operation: a valid one where the contract allows deriving it, or something else. */
function bodyFor(op: Operation, path: string): fc.Arbitrary<{ type: string; text: string } | undefined> {
  const content = op.requestBody?.content;
  if (!content) return fc.constant(undefined);
  const types = Object.keys(content);
  const derived = types.map((type) => {
    if (!type.includes('json')) return fc.string({ maxLength: 200 }).map((text) => ({ type, text }));
    // The standard's records are too conditional to draw blindly: send records the standard knows, and ones drawn from the schema.
    const fromSchema = valid(content[type]!.schema).map((v) => JSON.stringify(v));
    const records = fc
      .constantFrom(headerRecord({ regionCode: '350203' }), headerRecord({ regionCode: '350102' }))
      .map((r) => JSON.stringify(path.endsWith('/batch') ? [r] : r));
    return fc.oneof(path.startsWith('/v1/records') ? records : fromSchema, fromSchema).map((text) => ({ type, text }));
  });
  const wrong = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => ({ type: 'application/json', text: JSON.stringify(v) })),
    fc.constantFrom({ type: 'application/json', text: '{"a":' }, { type: 'text/plain', text: 'x' }, { type: 'application/json', text: '' }),
  );
  return fc.oneof({ weight: 3, arbitrary: fc.oneof(...derived) }, { weight: 1, arbitrary: wrong });
}

/** Requests derived from one operation's parameters and body. */
function requestsFor(path: string, op: Operation): fc.Arbitrary<Derived> {
  const parameters = (op.parameters ?? []).map((p) => deref<Parameter>(p));
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query' && p.name !== 'token');
  const pathValues = fc.tuple(
    ...pathParams.map((p) => fc.oneof({ weight: 2, arbitrary: knownIds }, { weight: 1, arbitrary: parameterValue(p.schema) })),
  );
  const query = fc.tuple(
    ...queryParams.map((p) =>
      // A long-poll wait would hold the test: the property covers its validation, not its waiting.
      fc
        .option(p.name === 'wait' ? fc.constantFrom('0', '31', 'x') : parameterValue(p.schema), { nil: undefined })
        .map((v) => [p.name, v] as const),
    ),
  );
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(keys.fujian, keys.platform, keys.ministry) },
    { weight: 1, arbitrary: fc.constantFrom(null, 'not-a-key') },
  );
  return fc.record({ values: pathValues, query, key, body: bodyFor(op, path) }).map(({ values, query, key, body }) => {
    let i = 0;
    const concrete = path.replace(/\{[^}]+\}/g, () => encodeURIComponent(values[i++] as string) || 'x');
    return {
      path: concrete,
      query: query.filter((q): q is readonly [string, string] => q[1] !== undefined).map(([n, v]) => [n, v]),
      key,
      ...(body ? { body } : {}),
    };
  });
}

/** Sends a derived request; streams are cancelled once their head is checked. */
async function send(method: string, req: Derived): Promise<Response> {
  const qs = new URLSearchParams(req.query).toString();
  const headers: Record<string, string> = { 'accept-language': 'en' };
  if (req.key) headers.authorization = `Bearer ${req.key}`;
  if (req.body) headers['content-type'] = req.body.type;
  return gw.app.request(`${req.path}${qs ? `?${qs}` : ''}`, {
    method: method.toUpperCase(),
    headers,
    ...(req.body ? { body: req.body.text } : {}),
  });
}

/** What is wrong with one answer, by the contract (empty when nothing is). */
async function violations(method: string, path: string, op: Operation, res: Response): Promise<string[]> {
  const where = `${method.toUpperCase()} ${path} → ${res.status}`;
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (res.status >= 500) return [`${where}: a server error (${await res.text()})`];
  const documented = op.responses[String(res.status)];
  if (!documented) return [`${where}: status not in the contract`];
  const response = deref(documented);
  if (type === 'text/event-stream') {
    await res.body?.cancel();
    return response.content?.['text/event-stream'] ? [] : [`${where}: an event stream the contract does not describe`];
  }
  if (res.status >= 400 && type !== 'application/problem+json') return [`${where}: ${type}, not a problem`];
  const media = response.content?.[type];
  if (!response.content) return [];
  if (!media) return [`${where}: content type ${type} not in the contract (${Object.keys(response.content).join(', ')})`];
  if (!type.includes('json')) return [];
  const body = await res.json();
  const pointer = `openapi#/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}/responses/${res.status}`;
  const schemaRef = documented.$ref
    ? `openapi${documented.$ref}/content/${type.replace('/', '~1')}/schema`
    : `${pointer}/content/${type.replace('/', '~1')}/schema`;
  const validate = ajv.getSchema(schemaRef) ?? ajv.compile({ $ref: schemaRef });
  return validate(body)
    ? []
    : [`${where}: body does not match the contract: ${JSON.stringify(validate.errors?.slice(0, 3))} ${JSON.stringify(body).slice(0, 300)}`];
}

it('answers every request derived from the contract as the contract says (documented status, schema, problem+json, never 5xx)', async () => {
  const found: string[] = [];
  let sent = 0;
  const statuses = new Map<string, number>();
  let operation = 0;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      await fc.assert(
        fc.asyncProperty(requestsFor(path, op), async (req) => {
          sent++;
          const res = await send(method, req);
          statuses.set(
            `${method.toUpperCase()} ${path} ${res.status}`,
            (statuses.get(`${method.toUpperCase()} ${path} ${res.status}`) ?? 0) + 1,
          );
          const problems = await violations(method, path, op, res);
          found.push(...problems.map((p) => `${p} [${req.path}?${new URLSearchParams(req.query)} key=${req.key ? 'yes' : 'no'}]`));
          return true;
        }),
        { seed: SEED + operation++, numRuns: RUNS_PER_OPERATION },
      );
    }
  }
  expect(sent).toBeGreaterThan(300);
  // Successes are checked against their schemas too: enough of the derived requests must get through.
  const successes = [...statuses].filter(([k]) => / 2\d\d$/.test(k)).reduce((sum, [, n]) => sum + n, 0);
  expect(successes).toBeGreaterThan(60);
  expect([...new Set(found)]).toEqual([]);
});

it('finds a body that breaks its response schema (the check is not vacuous)', async () => {
  const res = await gw.app.request('/healthz');
  const broken = new Response(JSON.stringify({ status: 'down' }), { status: 200, headers: { 'content-type': 'application/json' } });
  expect(await violations('get', '/healthz', doc.paths['/healthz']!.get!, res)).toEqual([]);
  expect((await violations('get', '/healthz', doc.paths['/healthz']!.get!, broken))[0]).toMatch(/does not match/);
  const undocumented = new Response('{}', { status: 418, headers: { 'content-type': 'application/json' } });
  expect((await violations('get', '/healthz', doc.paths['/healthz']!.get!, undocumented))[0]).toMatch(/not in the contract/);
});
