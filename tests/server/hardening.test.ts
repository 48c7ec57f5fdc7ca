// Issue 14 (hardening), through HTTP (app.inject): bounded work and answers for huge bad bodies, plausibility
// limits, duplicate keys and unsafe integers refused. One describe per defect of the issue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { formatTourInstance as baseInstance } from '../fixtures/format-tour.js';
import { buildApp, postJson, tinyText } from './helpers.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp({ threads: 1 });
});
afterAll(async () => {
  await app.close();
});

const codes = (body: { errors: { code: string }[] }) => [...new Set(body.errors.map((e) => e.code))].sort();

describe('issue 14.1: one request cannot stall the server', () => {
  it('a list of duplicated items gets the first 1000 problems and a count of the rest by code, in a small answer', async () => {
    const i = baseInstance();
    const student = { id: 's1', class: 'no-such-class', days: ['mon'] };
    i.students = Array.from({ length: 15_000 }, () => ({ ...student }));
    const text = JSON.stringify(i);
    const res = await postJson(app, '/v1/validate', text);
    expect(res.statusCode).toBe(422);
    expect(res.body.length).toBeLessThan(600_000);
    const body = res.json();
    expect(body.errors.length).toBe(1000);
    // 14 999 repeated ids + 15 000 unknown classes, all counted
    const count = (code: string) => body.errors.filter((e: { code: string }) => e.code === code).length + (body.omitted[code] ?? 0);
    expect(count('duplicate-id')).toBe(14_999);
    expect(count('unknown-class')).toBe(15_000);
    expect(body.detail).toMatch(/^发现 \d+ 个问题（只列出前 1000 个错误/);
  });

  it('an 18 MB body of duplicated students is refused at once with one problem, and /healthz still answers', async () => {
    const i = baseInstance();
    const student = { id: 's1', class: '1-1', days: ['mon', 'tue', 'wed'], prefs: ['choir'] };
    i.students = Array.from({ length: 260_000 }, () => student);
    const text = JSON.stringify(i);
    expect(text.length).toBeGreaterThan(18_000_000);
    const [res, health] = await Promise.all([postJson(app, '/v1/validate', text), app.inject({ method: 'GET', url: '/healthz' })]);
    expect(health.statusCode).toBe(200);
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([['/students', 'too-many-students']]);
    expect(res.body.length).toBeLessThan(5000);
  });

  it('a million unknown keys, or a key of a megabyte, give a bounded answer with clipped paths', async () => {
    const i = baseInstance();
    const huge = 'k'.repeat(1_000_000);
    i.school = { ...i.school, [huge]: 1 };
    const keys: Record<string, number> = {};
    for (let k = 0; k < 200_000; k++) keys[`x${k}`] = k;
    i.policy = { ...i.policy, ...keys };
    const res = await postJson(app, '/v1/validate', JSON.stringify(i));
    expect(res.statusCode).toBe(422);
    expect(res.body.length).toBeLessThan(1_000_000);
    const body = res.json();
    expect(body.errors.length).toBe(1000);
    expect(body.omitted['unknown-field']).toBe(200_001 - 1000);
    for (const e of body.errors) {
      expect(e.path.length).toBeLessThanOrEqual(301);
      expect(e.message.length).toBeLessThanOrEqual(601);
    }
  });

  it('a task that outgrows its thread memory is a 422 too-complex problem, and the server goes on', async () => {
    const small = await buildApp({ threads: 1, maxMemoryMb: 16 });
    try {
      const i = baseInstance();
      i.students = Array.from({ length: 19_000 }, (_, k) => ({ id: `s${k}`, class: '1-1', days: ['mon'], name: '学生'.repeat(90) }));
      const res = await postJson(small, '/v1/validate', JSON.stringify(i));
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('too-complex');
      const ok = await postJson(small, '/v1/validate', tinyText());
      expect(ok.statusCode).toBe(200);
    } finally {
      await small.close();
    }
  });
});

describe('issue 14.2: plausibility limits on policy and calendar values', () => {
  it('inspectorsPerDay 1000000 and latePickupStaffPerDay 100000 are refused, as is a calendar to 9999', async () => {
    const i = baseInstance();
    i.policy.inspectorsPerDay = 1_000_000;
    i.policy.latePickupStaffPerDay = 100_000;
    i.calendar.end = '9999-01-22';
    const res = await postJson(app, '/v1/solve?timeLimit=300', JSON.stringify(i));
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['/calendar/end', 'semester-too-long'],
      ['/policy/inspectorsPerDay', 'too-large'],
      ['/policy/latePickupStaffPerDay', 'too-large'],
    ]);
  });

  it('per-day staff counts within the schema but above the staff list are refused (more-than-staff)', async () => {
    const i = baseInstance();
    i.policy.inspectorsPerDay = 5; // 4 staff
    i.policy.latePickupStaffPerDay = 4;
    const res = await postJson(app, '/v1/validate', JSON.stringify(i));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([['/policy/inspectorsPerDay', 'more-than-staff']]);
  });

  it('the student limit can be raised per server (maxStudents / KEHOU_MAX_STUDENTS)', async () => {
    const i = baseInstance();
    i.students = i.students.slice(0, 3);
    const strict = await buildApp({ threads: 1, maxStudents: 2 });
    try {
      const res = await postJson(strict, '/v1/validate', JSON.stringify(i));
      expect(res.statusCode).toBe(422);
      expect(codes(res.json())).toEqual(['too-many-students']);
    } finally {
      await strict.close();
    }
    expect((await postJson(app, '/v1/validate', JSON.stringify(i))).statusCode).toBe(200);
  });
});

describe('issue 14.7: a duplicate key is an error', () => {
  it('"misconduct": true, "misconduct": false is refused with 422 and the place of the repeat', async () => {
    const text = tinyText().replace('"roles":["volunteer"]', '"roles":["volunteer"],"misconduct":true,"misconduct":false');
    expect(text).toContain('"misconduct":false');
    for (const url of ['/v1/validate', '/v1/solve', '/v1/jobs']) {
      const res = await postJson(app, url, text);
      expect(res.statusCode).toBe(422);
      const body = res.json();
      expect(body.code).toBe('invalid-instance');
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]).toMatchObject({ path: '/staff/2/misconduct', code: 'duplicate-key', severity: 'error', line: 1 });
    }
  });
});

describe('issue 14.8: unsafe integers', () => {
  it('2^53+1 is refused, not rounded', async () => {
    const text = tinyText().replace('"size":3', '"size":9007199254740993');
    const res = await postJson(app, '/v1/validate', text);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([['/classes/0/size', 'unsafe-integer']]);
  });
});

describe('issue 14.3: no cross-site requests', () => {
  const post = (url: string, type: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload: tinyText(), headers: { 'content-type': type, ...headers } });

  it('text/plain and form bodies (what another site can send without a preflight) are 415 on every /v1 route', async () => {
    for (const url of ['/v1/validate', '/v1/solve', '/v1/jobs', '/v1/whatif']) {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/vnd.kehou+json']) {
        const res = await post(url, type);
        expect(res.statusCode, `${url} ${type}`).toBe(415);
        expect(res.json().code).toBe('unsupported-media-type');
      }
    }
    const none = await app.inject({ method: 'POST', url: '/v1/validate', payload: tinyText(), headers: { 'content-type': '' } });
    expect(none.statusCode).toBe(415);
  });

  it('a POST from a page of another origin is 403, from Kehou’s own page it is served', async () => {
    const evil = await post('/v1/solve', 'application/json', { origin: 'https://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().code).toBe('forbidden-origin');
    const sandboxed = await post('/v1/validate', 'application/json', { origin: 'null' });
    expect(sandboxed.statusCode).toBe(403);
    const fetchMeta = await post('/v1/validate', 'application/json', { 'sec-fetch-site': 'cross-site' });
    expect(fetchMeta.statusCode).toBe(403);
    const own = await post('/v1/validate', 'application/json', { origin: 'http://localhost:80', host: 'localhost:80', 'sec-fetch-site': 'same-origin' });
    expect(own.statusCode).toBe(200);
    const curl = await post('/v1/validate', 'application/json'); // no Origin: not a browser
    expect(curl.statusCode).toBe(200);
  });

  it('a Host that is not this machine (DNS rebinding) is 403 unless allowed; allowed origins may POST', async () => {
    const rebound = await app.inject({ method: 'GET', url: '/v1/schema/instance', headers: { host: 'evil.example:8080' } });
    expect(rebound.statusCode).toBe(403);
    expect(rebound.json().code).toBe('forbidden-host');
    for (const host of ['127.0.0.1:8080', 'localhost', '[::1]:8080', 'kehou.localhost:1']) {
      expect((await app.inject({ method: 'GET', url: '/healthz', headers: { host } })).statusCode, host).toBe(200);
    }
    const proxied = await buildApp({ threads: 1, allowedHosts: ['kehou.school.cn'], allowedOrigins: ['https://oa.school.cn'] });
    try {
      expect((await proxied.inject({ method: 'GET', url: '/healthz', headers: { host: 'kehou.school.cn' } })).statusCode).toBe(200);
      const fromOa = await proxied.inject({
        method: 'POST',
        url: '/v1/validate',
        payload: tinyText(),
        headers: { host: 'kehou.school.cn', origin: 'https://oa.school.cn', 'content-type': 'application/json' },
      });
      expect(fromOa.statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('sends the usual security headers, with a CSP allowing only Kehou’s own scripts and styles', async () => {
    for (const url of ['/healthz', '/v1/schema/instance', '/v1/nothing']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy'], url).toBe('same-origin');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
    }
  });
});

describe('issue 14.4: /docs behind the token when one is set', () => {
  it('GET /docs and /docs/json need the bearer token; without a token they are open', async () => {
    const guarded = await buildApp({ threads: 1, apiToken: 'tok-14' });
    try {
      for (const url of ['/docs', '/docs/json', '/docs/static/index.html']) {
        expect((await guarded.inject({ method: 'GET', url })).statusCode, url).toBe(401);
      }
      const ok = await guarded.inject({ method: 'GET', url: '/docs/json', headers: { authorization: 'Bearer tok-14' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().openapi).toBe('3.0.3');
    } finally {
      await guarded.close();
    }
    expect((await app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
  });
});

describe('issue 14.5: POST /v1/whatif checks that the schedule belongs to the instance', () => {
  it('another school’s schedule, or unknown ids, are 422 with paths under /schedule', async () => {
    const { formatTourSchedule: baseSchedule } = await import('../fixtures/format-tour.js');
    const instance = baseInstance();
    const leave = [{ staff: 't1', from: '2026-10-12', to: '2026-10-13' }];
    const other = { ...baseSchedule(), school: '别的学校' };
    const res = await postJson(app, '/v1/whatif', JSON.stringify({ instance, schedule: other, leave }));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([['/schedule/school', 'schedule-other-school']]);
    const ghost = baseSchedule();
    ghost.week.duties[0].staff = 'ghost';
    ghost.semester[0].date = '2030-01-01';
    ghost.semester[0].substitutions[0].group = 'mon/1-1'; // the fixture's substitution names a group of no week
    const res2 = await postJson(app, '/v1/whatif', JSON.stringify({ instance, schedule: ghost, leave }));
    expect(res2.statusCode).toBe(422);
    expect(res2.json().errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['/schedule/week/duties/0/staff', 'schedule-unknown-id'],
      ['/schedule/semester/0/date', 'schedule-date-outside'],
    ]);
  });
});

describe('issue 14.8: smaller HTTP defects', () => {
  it('?seed=1.5 (and other numbers the CLI refuses) is a 400, as on the command line', async () => {
    const bad = JSON.stringify({ format: 'kehou.instance/1' }); // invalid: 422 once the query passes
    for (const q of ['seed=1.5', 'seed=0x10', 'seed=%207', 'seed=1e3', 'timeLimit=1e400', 'timeLimit=0x5', 'semester=1']) {
      const res = await postJson(app, `/v1/solve?${q}`, bad);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().errors[0].code, q).toBe('bad-parameter');
    }
    for (const q of ['seed=7', 'timeLimit=0.5', 'timeLimit=2e1', 'semester=false']) {
      expect((await postJson(app, `/v1/solve?${q}`, bad)).statusCode, q).toBe(422);
    }
  });

  it('a client’s X-Request-Id is kept (header, problem, logs); a strange one is replaced', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/nothing', headers: { 'x-request-id': 'office-PC_7.42:1' } });
    expect(res.headers['x-request-id']).toBe('office-PC_7.42:1');
    expect(res.json().requestId).toBe('office-PC_7.42:1');
    for (const odd of ['a b', 'x'.repeat(129), '<script>']) {
      const r = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': odd } });
      expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('a request not sent in time is answered 408 as problem+json (a real listening server)', async () => {
    const { createServer } = await import('../../src/server/server.js');
    const { connect } = await import('node:net');
    const server = await createServer({ logger: false, threads: 1, minThreads: 0, requestTimeout: 300 });
    await server.listen({ port: 18114, host: '127.0.0.1' });
    try {
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(18114, '127.0.0.1');
        let text = '';
        socket.on('data', (d) => (text += d.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', (e) => (text ? resolve(text) : reject(e)));
        socket.write('POST /v1/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"format"');
      });
      const [head, body] = reply.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 408 /);
      expect(head.toLowerCase()).toContain('content-type: application/problem+json; charset=utf-8');
      expect(JSON.parse(body)).toMatchObject({ status: 408, code: 'request-timeout', type: 'https://kehou.example/problems/request-timeout' });
    } finally {
      await server.close();
    }
  });
});
