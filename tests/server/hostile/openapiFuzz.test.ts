import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesApp, DIALECTS, validOrder, type SalesTestApp } from '../sales/salesHarness.js';

/**
 * Every route of /api/openapi.json, fuzzed: path parameters, queries, headers and JSON bodies
 * generated from the document's own schemas, then mutated (a field replaced by hostile text or a
 * value of another type, a key dropped or added, the whole body replaced, broken percent-encoding,
 * another content type). Whatever comes in, the answer is never a 5xx, and an error is always the
 * JSON `{ error: { code } }`. Seeded, so a failure replays; a few hundred requests a database.
 */

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
};
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}
interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  parameters: Parameter[];
  body: { type: string; schema: Schema } | null;
}

// FUZZ_SEED / FUZZ_RUNS explore further by hand; the suite runs the fixed seed.
const SEED = Number(process.env.FUZZ_SEED ?? 1313);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const hostileText = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '\u0001\u001f\u007f',
  '\u0085',
  '\ud800',
  'x\udfffy',
  'line\nbreak',
  '\t',
  '__proto__',
  'constructor',
  "'; drop table orders; --",
  '" OR 1=1 --',
  '"*NEAR(a b)*"',
  '%00',
  '../../etc/passwd',
  '💥'.repeat(40),
  'x'.repeat(5000),
  '',
  ' ',
  '1e308',
  '-1',
);
const hostileValue = fc.oneof(
  hostileText,
  fc.constantFrom(1e308, -1e308, -1, 0, 1.5, Number.MAX_SAFE_INTEGER + 2, null, true, false, [], {}, [null], { a: 1 }),
  fc.anything({ maxDepth: 2 }),
);

/** Values that fit a JSON schema (roughly: the fuzz wants plausible input, not a proof). */
function fromSchema(schema: Schema | undefined, doc: OpenApi, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.anything({ maxDepth: 1 });
  if (schema.$ref) return fromSchema(doc.components.schemas[schema.$ref.split('/').pop()!], doc, depth + 1);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts) return fc.oneof(...alts.map((s) => fromSchema(s, doc, depth + 1)));
  if (schema.allOf) return fromSchema(Object.assign({}, ...schema.allOf) as Schema, doc, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string': {
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'uri') return fc.webUrl();
      if (schema.pattern) {
        try {
          return fc.stringMatching(new RegExp(schema.pattern), { maxLength: Math.min(schema.maxLength ?? 80, 80) });
        } catch {
          // a pattern fast-check cannot generate from: plain strings
        }
      }
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
    }
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1e6, -1e9), max: Math.min(schema.maximum ?? 1e6, 1e9) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(fromSchema(schema.items, doc, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'object': {
      const props = schema.properties ?? {};
      const keys = Object.keys(props);
      if (!keys.length)
        return typeof schema.additionalProperties === 'object'
          ? fc.dictionary(fc.string({ maxLength: 12 }), fromSchema(schema.additionalProperties, doc, depth + 1), { maxKeys: 4 })
          : fc.object({ maxDepth: 2 });
      return fc.record(Object.fromEntries(keys.map((k) => [k, fromSchema(props[k], doc, depth + 1)])), {
        requiredKeys: schema.required ?? [],
      });
    }
    default:
      return fc.anything({ maxDepth: 2 });
  }
}

/** Every path to a value inside a JSON value (the root is []). */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, Array.isArray(value) ? Number(k) : k], out);
  return out;
}

function setAt(root: unknown, path: (string | number)[], f: (v: unknown) => unknown, drop = false): unknown {
  if (!path.length) return f(root);
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (drop && !rest.length && !Array.isArray(copy)) delete copy[head];
  else copy[head] = setAt(copy[head], rest, f, drop);
  return copy;
}

interface Mutation {
  kind: number;
  at: number;
  replacement: unknown;
  insert: string;
  extraKey: string;
}

/**
 * One mutation of a JSON value, anywhere in it: 0 none; 1 a value replaced by a hostile one;
 * 2 hostile characters put into a string (or the value replaced); 3 a key dropped; 4 a key added.
 */
function mutate(value: unknown, m: Mutation): unknown {
  if (m.kind === 0) return value;
  const all = paths(value);
  const at = all[m.at % all.length]!;
  if (m.kind === 1) return setAt(value, at, () => m.replacement);
  if (m.kind === 2)
    return setAt(value, at, (v) => (typeof v === 'string' ? `${v.slice(0, 1)}${m.insert}${v.slice(1)}` : m.replacement));
  if (m.kind === 3) return at.length ? setAt(value, at, () => undefined, true) : value;
  return setAt(value, at, (v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...v, [m.extraKey]: m.replacement } : v,
  );
}

const mutation = fc.record({
  kind: fc.nat(4),
  at: fc.nat(),
  replacement: hostileValue,
  insert: fc.constantFrom('\u0000', '\u0001', '\u001b[31m', '\u0085', '\ud800', '\n', '\u2028', "'", '"', '*', '(', 'NEAR'),
  extraKey: fc.oneof(hostileText, fc.string({ maxLength: 8 })),
});

interface OpenApi {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>
  >;
  components: { schemas: Record<string, Schema> };
}

function operations(doc: OpenApi): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      const content = op.requestBody?.content ?? {};
      const type = Object.keys(content)[0];
      out.push({
        method: method as Operation['method'],
        path,
        parameters: op.parameters ?? [],
        body: type ? { type, schema: content[type]!.schema } : null,
      });
    }
  return out;
}

/** Raw pieces of a URL that no encoder makes: broken or overlong percent-encodings. */
const rawUrlPiece = fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%80', '%ED%A0%80', '%00', '%0A', '%FF', '..', '%2F..%2F');
const encode = (v: unknown) => {
  try {
    return encodeURIComponent(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
  } catch {
    return '%ED%A0%80'; // a lone surrogate cannot be encoded: send its bytes as they would be
  }
};
/** Header values a client can send (printable ASCII). */
const headerSafe = (v: unknown) =>
  String(typeof v === 'string' ? v : JSON.stringify(v))
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, 300);

describe.each(DIALECTS)('fuzzing every route of the OpenAPI document on %s', (dialect) => {
  let t: SalesTestApp;
  let doc: OpenApi;
  const known: Record<string, string[]> = {};
  const examples: Record<string, unknown> = {};
  beforeAll(async () => {
    t = await createSalesApp(dialect);
    const order = await t.place();
    const other = await t.userWithToken('sales');
    known.id = [order.id, 'mini-mug', other.user.id];
    known.version = ['1', '2'];
    known.path = ['mini-mug.glb', 'textures/a.png'];
    const product = (await request(t.app).get('/api/products/mini-mug')).body.product as unknown;
    Object.assign(examples, {
      'post /api/orders': validOrder(),
      'post /api/products/{id}/evaluate': { choices: validOrder().choices },
      'post /api/auth/login': { email: t.sales.email, password: 'not the password' },
      'post /api/admin/users': { email: 'fuzz@example.com', role: 'sales', password: 'a long enough password' },
      'post /api/admin/users/{id}/tokens': { name: 'ci' },
      'post /api/sales/orders/{id}/status': { status: 'in_production', note: 'started' },
      'put /api/sales/webhook': { url: 'https://hooks.example.com/maatwerk', secret: 's'.repeat(16), enabled: false },
      'post /api/studio/products': { id: 'fuzz-product', name: 'Fuzz' },
      'post /api/studio/products/{id}/archive': { archived: false },
      'put /api/studio/products/{id}/draft': product,
      'post /api/studio/products/{id}/publish': { note: 'fuzz' },
      'post /api/studio/products/{id}/rollback': { version: 1, note: 'fuzz' },
      'post /api/studio/import': { products: [product], publish: false, note: 'fuzz' },
    });
    doc = (await request(t.app).get('/api/openapi.json')).body as OpenApi;
  });
  afterAll(async () => t.close());

  it('answers no request with a 5xx, and every error as JSON { error: { code } }', async () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(30);
    const seen = new Set<string>();
    const requestArb = fc.constantFrom(...ops).chain((op) =>
      fc.record({
        op: fc.constant(op),
        params: fc.tuple(
          ...op.parameters.map((p) =>
            fc.record({
              value:
                p.in === 'path' && known[p.name]
                  ? fc.oneof(fc.constantFrom(...known[p.name]!), fromSchema(p.schema, doc))
                  : fromSchema(p.schema, doc),
              present: p.required || p.in === 'path' ? fc.constant(true) : fc.boolean(),
              mutation: fc.nat(9), // 0–6: as generated; 7: hostile value; 8: raw URL piece; 9: repeated
              hostile: hostileValue,
              raw: rawUrlPiece,
            }),
          ),
        ),
        // Half the bodies start from one that passes (so a mutation reaches the service and the database).
        body:
          op.body?.type === 'application/json'
            ? examples[`${op.method} ${op.path}`]
              ? fc.oneof(fc.constant(examples[`${op.method} ${op.path}`]), fromSchema(op.body.schema, doc))
              : fromSchema(op.body.schema, doc)
            : fc.uint8Array({ maxLength: 64 }),
        mutation,
        bodyForm: fc.nat(9), // 0–7: JSON; 8: not JSON; 9: JSON sent as text/plain
        auth: fc.constantFrom('admin', 'admin', 'admin', 'admin', 'sales', 'none', 'bogus'),
        extraQuery: fc.option(fc.tuple(fc.oneof(hostileText, fc.string({ maxLength: 8 })), hostileValue), { freq: 4 }),
      }),
    );

    await fc.assert(
      fc.asyncProperty(requestArb, async (c) => {
        const { op } = c;
        let url = op.path;
        const query: string[] = [];
        const headers: Record<string, string> = {};
        op.parameters.forEach((p, i) => {
          const g = c.params[i]!;
          if (!g.present) return;
          const value = g.mutation === 7 ? g.hostile : g.value;
          const text = g.mutation === 8 ? g.raw : encode(value);
          if (p.in === 'path') url = url.replace(`{${p.name}}`, text || '%20');
          else if (p.in === 'query') {
            query.push(`${encodeURIComponent(p.name)}=${text}`);
            if (g.mutation === 9) query.push(`${encodeURIComponent(p.name)}=${text}`);
          } else headers[p.name] = headerSafe(value);
        });
        if (c.extraQuery) query.push(`${encode(c.extraQuery[0])}=${encode(c.extraQuery[1])}`);
        if (query.length) url += `?${query.join('&')}`;

        let req = request(t.app)[op.method](url);
        for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
        if (c.auth === 'admin') req = req.set('Authorization', `Bearer ${t.admin.token}`);
        if (c.auth === 'sales') req = req.set('Authorization', `Bearer ${t.sales.token}`);
        if (c.auth === 'bogus') req = req.set('Authorization', 'Bearer not-a-token');
        if (op.body) {
          if (op.body.type !== 'application/json')
            req = req.set('Content-Type', op.body.type).send(Buffer.from(c.body as Uint8Array));
          else if (c.bodyForm === 8) req = req.set('Content-Type', 'application/json').send('{"a":');
          else {
            const value = mutate(c.body, c.mutation);
            req = req
              .set('Content-Type', c.bodyForm === 9 ? 'text/plain' : 'application/json')
              .send(JSON.stringify(value) ?? 'null');
          }
        }
        const res = await req;
        seen.add(`${op.method} ${op.path} ${res.status}`);
        expect(
          res.status,
          `${op.method.toUpperCase()} ${url} → ${res.status} ${String(res.text ?? '').slice(0, 300)}`,
        ).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers['content-type'], `${op.method.toUpperCase()} ${url}`).toMatch(/^application\/json/);
          expect(res.body.error.code, `${op.method.toUpperCase()} ${url}`).toBeTypeOf('string');
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The fuzz got past validation, not only to 400s: some requests succeeded on many routes.
    const succeeded = new Set([...seen].filter((s) => /\s2\d\d$/.test(s)).map((s) => s.replace(/\s\d+$/, '')));
    expect(succeeded.size).toBeGreaterThan(10);
  }, 300_000); // a few hundred requests on a shared machine: a guard, not a timing
});
