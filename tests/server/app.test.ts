// The HTTP API through app.inject: every route's answers and every error status as problem+json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { jsonSchema } from '../../src/model/json-schema.js';
import { parseJson } from '../../src/model/parse.js';
import { validateInstance } from '../../src/model/validate.js';
import { formatTourInstance } from '../fixtures/format-tour.js';
import { buildApp, exampleText, expectNoLeak, postJson, tinyText } from './helpers.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

describe('server app', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ threads: 1 });
  });
  afterAll(async () => {
    await app.close();
  });

  it('GET /healthz answers {status: ok} with a request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an unknown route is a 404 problem', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/nothing?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe(PROBLEM);
    const body = res.json();
    expect(body).toMatchObject({ status: 404, code: 'not-found', type: 'https://kehou.example/problems/not-found', instance: '/v1/nothing' });
    expect(body.title).toMatch(/[\u4e00-\u9fff]/);
    expect(body.errors).toEqual([]);
  });

  it('POST /v1/validate: a valid instance is 200 with its warnings', async () => {
    const text = exampleText('small');
    const res = await postJson(app, '/v1/validate', text);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.valid).toBe(true);
    const direct = validateInstance(JSON.parse(text));
    expect(direct.ok).toBe(true);
    expect(body.warnings.map((w: { path: string; code: string }) => `${w.path} ${w.code}`)).toEqual(
      direct.warnings.map((w) => `${w.path} ${w.code}`),
    );
  });

  it('POST /v1/validate: an invalid instance is 422 with the same problem list as the CLI', async () => {
    const instance = formatTourInstance();
    instance.students[0].class = 'no-such-class';
    instance.staff[1].roles = ['wizard'];
    delete instance.calendar.start;
    instance.rooms[0].capacity = 'fifty';
    const text = JSON.stringify(instance);
    const res = await postJson(app, '/v1/validate', text);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toBe(PROBLEM);
    const body = res.json();
    expect(body.code).toBe('invalid-instance');
    const direct = validateInstance(JSON.parse(text));
    expect(direct.ok).toBe(false);
    if (direct.ok) return;
    expect(body.errors).toEqual(direct.errors.map((p) => ({ ...p })));
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('/students/0/class');
    expect(paths.some((p: string) => p.startsWith('/calendar'))).toBe(true);
    expect(paths.some((p: string) => p.startsWith('/rooms/0/capacity'))).toBe(true);
    expect(body.detail).toMatch(/^发现 \d+ 个错误/);
  });

  it('malformed JSON is a 400 with line and column', async () => {
    const text = '{\n  "format": "kehou.instance/1",\n  "school": {"name": "x",}\n}';
    const res = await postJson(app, '/v1/validate', text);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe(PROBLEM);
    const body = res.json();
    expect(body.code).toBe('malformed-json');
    const parsed = parseJson(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(body.errors).toEqual(parsed.problems.map((p) => ({ ...p })));
    expect(body.errors[0]).toMatchObject({ line: 3, column: 26 });
    expect(body.detail).toContain('第 3 行');
  });

  it('an empty body and no body are 400', async () => {
    const empty = await postJson(app, '/v1/validate', '');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('malformed-json');
    const none = await app.inject({ method: 'POST', url: '/v1/solve' });
    expect(none.statusCode).toBe(400);
    expect(none.json().code).toBe('empty-body');
  });

  it('only application/json bodies are read (form, text and multipart are 415: issue 14.3)', async () => {
    const text = tinyText();
    for (const type of ['application/x-www-form-urlencoded', 'text/plain; charset=utf-8', 'application/vnd.kehou+json']) {
      const res = await app.inject({ method: 'POST', url: '/v1/validate', payload: text, headers: { 'content-type': type } });
      expect(res.statusCode, type).toBe(415);
    }
    const ok = await app.inject({ method: 'POST', url: '/v1/validate', payload: text, headers: { 'content-type': 'Application/JSON; charset=UTF-8' } });
    expect(ok.statusCode).toBe(200);
    const res = await app.inject({ method: 'POST', url: '/v1/validate', payload: '--x\r\n', headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('unsupported-media-type');
  });

  it('query parameters are checked: 400 for a bad or too large timeLimit', async () => {
    const bad = await postJson(app, '/v1/solve?timeLimit=abc', tinyText());
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'bad-request' });
    expect(bad.json().errors[0].path).toBe('/query/timeLimit');
    const big = await postJson(app, '/v1/solve?timeLimit=100000', tinyText());
    expect(big.statusCode).toBe(400);
    expect(big.json().errors[0]).toMatchObject({ path: '/query/timeLimit', code: 'time-limit-too-large' });
    const unknown = await postJson(app, '/v1/jobs?speed=fast', tinyText());
    expect(unknown.statusCode).toBe(400);
  });

  it('GET /v1/jobs/:id of an unknown job is 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/jobs/00000000-0000-0000-0000-000000000000' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('job-not-found');
    const del = await app.inject({ method: 'DELETE', url: '/v1/jobs/nope' });
    expect(del.statusCode).toBe(404);
  });

  it('POST /v1/whatif: a bad body is 422 with paths into {instance, schedule, leave}', async () => {
    const instance = formatTourInstance();
    instance.students[0].class = 'nowhere';
    const res = await postJson(app, '/v1/whatif', JSON.stringify({ instance, schedule: { format: 'kehou.schedule/1' }, leave: [{ staff: 't1' }], extra: 1 }));
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('invalid-request');
    const paths: string[] = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('/instance/students/0/class');
    expect(paths).toContain('/extra');
    expect(paths.some((p) => p.startsWith('/schedule/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('/leave/0'))).toBe(true);
    const missing = await postJson(app, '/v1/whatif', '{}');
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors.map((e: { code: string }) => e.code)).toEqual(['missing-field', 'missing-field', 'missing-field']);
    const notObject = await postJson(app, '/v1/whatif', '[1]');
    expect(notObject.statusCode).toBe(422);
  });

  it('POST /v1/whatif: an ambiguous name is 422 with the candidates', async () => {
    const instance = formatTourInstance();
    const res = await postJson(app, '/v1/whatif', JSON.stringify({
      instance: { ...instance, staff: [...instance.staff, { id: 'l9', name: '许华章', roles: ['teacher'] }] },
      schedule: { format: 'kehou.schedule/1', school: 'x', week: { clubs: [], groups: [], duties: [] }, unplaced: [], report: {} },
      leave: [{ staff: '许华章', from: '2026-10-12', to: '2026-10-12' }],
    }));
    expect(res.statusCode).toBe(422);
    const [e] = res.json().errors;
    expect(e).toMatchObject({ path: '/leave/0/staff', code: 'ambiguous-name' });
    expect(e.message).toContain('许华章（l1）、许华章（l9）');
  });

  it('POST /v1/whatif: leave of an unknown person is 422', async () => {
    const res = await postJson(app, '/v1/whatif', JSON.stringify({
      instance: formatTourInstance(),
      schedule: { format: 'kehou.schedule/1', school: '测试小学', week: { clubs: [], groups: [], duties: [] }, unplaced: [], report: {} },
      leave: [{ staff: 'ghost', from: '2026-10-12', to: '2026-10-10' }],
    }));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`)).toEqual([
      '/leave/0/staff unknown-staff',
      '/leave/0/to bad-range',
    ]);
  });

  it('GET /v1/schema/instance and /schedule are the JSON Schemas `kehou schema` prints', async () => {
    for (const kind of ['instance', 'schedule'] as const) {
      const res = await app.inject({ method: 'GET', url: `/v1/schema/${kind}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/schema+json; charset=utf-8');
      expect(res.json()).toEqual(jsonSchema(kind));
    }
  });

  it('the OpenAPI document is generated from the TypeBox schemas', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/healthz', '/v1/validate', '/v1/solve', '/v1/jobs', '/v1/jobs/{id}', '/v1/whatif', '/v1/schema/instance']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.components.schemas.Instance.properties.students).toBeDefined();
    expect(doc.components.schemas.Schedule.properties.week).toBeDefined();
    expect(JSON.stringify(doc.paths['/v1/solve'].post.requestBody)).toContain('#/components/schemas/Instance');
    expect(JSON.stringify(doc.paths['/v1/solve'].post.responses['422'])).toContain('application/problem+json');
    const ui = await app.inject({ method: 'GET', url: '/docs' });
    expect(ui.statusCode).toBeLessThan(400);
  });
});

describe('body limit', () => {
  it('a body over the limit is 413', async () => {
    const app = await buildApp({ threads: 1, bodyLimit: 1000 });
    try {
      const res = await postJson(app, '/v1/validate', exampleText('small'));
      expect(res.statusCode).toBe(413);
      expect(res.headers['content-type']).toBe(PROBLEM);
      expect(res.json()).toMatchObject({ code: 'body-too-large', status: 413 });
      const ok = await postJson(app, '/v1/validate', '{"format": "kehou.instance/1"}');
      expect(ok.statusCode).toBe(422);
    } finally {
      await app.close();
    }
  });
});

describe('bearer token', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ threads: 1, apiToken: 's3cret-token' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('every /v1 route needs it; /healthz stays open', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const none = await postJson(app, '/v1/validate', tinyText());
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toBe(PROBLEM);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.json().code).toBe('unauthorized');
    const wrong = await postJson(app, '/v1/validate', tinyText(), { authorization: 'Bearer nope' });
    expect(wrong.statusCode).toBe(401);
    const right = await postJson(app, '/v1/validate', tinyText(), { authorization: 'Bearer s3cret-token' });
    expect(right.statusCode).toBe(200);
    for (const url of ['/v1/schema/instance', '/v1/jobs/x', '/v1/unknown']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
    expect((await app.inject({ method: 'GET', url: '/v1/schema/instance', headers: { authorization: 'bearer s3cret-token' } })).statusCode).toBe(200);
  });

  it('401 comes before reading a large body', async () => {
    const res = await postJson(app, '/v1/solve', 'x'.repeat(30 * 1024 * 1024));
    expect(res.statusCode).toBe(401);
  });
});

describe('internal errors', () => {
  it('a fault is a 500 problem with a request id, never a message, stack or path', async () => {
    const { createServer } = await import('../../src/server/server.js');
    const fresh = await createServer({ logger: false, threads: 1 });
    fresh.get('/v1/explode', async () => {
      throw new Error('secret detail at /secret/src/server/app.ts:1');
    });
    try {
      const res = await fresh.inject({ method: 'GET', url: '/v1/explode' });
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toBe(PROBLEM);
      const body = res.json();
      expect(body.code).toBe('internal-error');
      expect(body.requestId).toBe(res.headers['x-request-id']);
      expect(body.detail).toContain(body.requestId);
      expectNoLeak(res.body);
      expect(res.body).not.toContain('secret');
    } finally {
      await fresh.close();
    }
  });
});
