// The worker-pool machinery behind /v1/solve and /v1/jobs, with the stand-in solver thread
// (fixtures/slow-worker.mjs: exact durations chosen by ?seed) and the real checker threads:
// queue full → 503 + Retry-After, client disconnect → task aborted, overrun → thread killed,
// planner faults → 500 without leaks, job states, and the shutdown drain.
import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SLOW_WORKER, buildApp, expectNoLeak, postJson, tinyText, until } from './helpers.js';

let apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.map((a) => a.close()));
  apps = [];
});

async function slowApp(options: Parameters<typeof buildApp>[0] = {}) {
  const app = await buildApp({ threads: 1, maxQueue: 0, workerFile: SLOW_WORKER, ...options });
  apps.push(app);
  return app;
}

const running = (app: FastifyInstance) => app.kehou.solvers.load().running;
const idle = (app: FastifyInstance) => app.kehou.solvers.load().running + app.kehou.solvers.load().queued === 0;

// one app for the tests that leave it idle: 1 solver thread, 1 waiting place, kill at 2 × timeLimit
let shared: FastifyInstance;
beforeAll(async () => {
  shared = await buildApp({ threads: 1, maxQueue: 1, killMargin: 0, workerFile: SLOW_WORKER });
});
afterAll(async () => {
  await shared.close();
});
afterEach(async () => {
  await until(() => idle(shared), 10_000);
});

describe('solve pool', () => {
  it('a full queue is 503 with Retry-After, and the first solve still answers 200', async () => {
    const app = shared;
    const first = postJson(app, '/v1/solve?seed=1500', tinyText());
    await until(() => running(app) === 1);
    const queued = postJson(app, '/v1/solve?seed=2', tinyText());
    await until(() => app.kehou.solvers.load().queued === 1);
    const second = await postJson(app, '/v1/solve?seed=2', tinyText());
    expect(second.statusCode).toBe(503);
    expect(second.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(second.json().code).toBe('server-busy');
    expect(Number(second.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const job = await postJson(app, '/v1/jobs?seed=2', tinyText());
    expect(job.statusCode).toBe(503);
    expect(job.headers['retry-after']).toBeDefined();
    const res = await first;
    expect(res.statusCode).toBe(200);
    expect(res.headers['kehou-solve-status']).toBe('feasible');
    expect(res.json()).toEqual({ fixture: true, ms: 1500 });
    expect((await queued).statusCode).toBe(200);
  });

  it('queued solves wait their turn up to maxQueue', async () => {
    const app = await slowApp({ maxQueue: 2 });
    const answers = await Promise.all([1, 2, 3].map(() => postJson(app, '/v1/solve?seed=200', tinyText())));
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200]);
  });

  it('a client that disconnects cancels its solve (the thread is freed long before the solve would end)', async () => {
    const app = await slowApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const body = tinyText();
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/solve?seed=60000', headers: { 'content-type': 'application/json' } });
    req.on('error', () => {});
    req.end(body);
    await until(() => running(app) === 1);
    const t0 = Date.now();
    req.destroy();
    await until(() => app.kehou.solvers.load().running + app.kehou.solvers.load().queued === 0, 5000);
    expect(Date.now() - t0).toBeLessThan(5000);
    // the pool serves the next client
    const next = await postJson(app, '/v1/solve?seed=2', body);
    expect(next.statusCode).toBe(200);
  });

  it('a solve that overruns its hard limit is killed: 500 solve-overrun', async () => {
    const app = shared;
    const t0 = Date.now();
    const res = await postJson(app, '/v1/solve?seed=30000&timeLimit=0.2', tinyText());
    expect(res.statusCode).toBe(500);
    expect(res.json().code).toBe('solve-overrun');
    expect(Date.now() - t0).toBeLessThan(10_000);
    expectNoLeak(res.body);
    const next = await postJson(app, '/v1/solve?seed=2', tinyText());
    expect(next.statusCode).toBe(200);
  });

  it('a planner exception (caught or thrown in the thread) is a 500 without its message, stack or path', async () => {
    const app = shared;
    for (const seed of [0, 1]) {
      const res = await postJson(app, `/v1/solve?seed=${seed}`, tinyText());
      expect(res.statusCode).toBe(500);
      expect(res.json().code).toBe('internal-error');
      expect(res.json().requestId).toBe(res.headers['x-request-id']);
      expectNoLeak(res.body);
      expect(res.body).not.toContain('boom');
      expect(res.body).not.toContain('thrown');
    }
  });

  it('an invalid instance is 422 from the checker (the stand-in solver would answer 200); a full queue answers 503 first', async () => {
    const app = await slowApp();
    const first = postJson(app, '/v1/solve?seed=800', tinyText());
    await until(() => running(app) === 1);
    const bad = await postJson(app, '/v1/solve', '{"format": "kehou.instance/1"}');
    expect(bad.statusCode).toBe(503); // queue full comes first: it is cheap to answer
    expect((await first).statusCode).toBe(200);
    const invalid = await postJson(app, '/v1/solve', '{"format": "kehou.instance/1"}');
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().code).toBe('invalid-instance');
  });
});

describe('jobs', () => {
  it('create → 202, poll → running with progress → done with the result; delete a finished job → 204', async () => {
    const app = shared;
    const created = await postJson(app, '/v1/jobs?seed=1200', tinyText());
    expect(created.statusCode).toBe(202);
    const { id, status, location } = created.json();
    expect(status).toBe('queued');
    expect(created.headers.location).toBe(`/v1/jobs/${id}`);
    expect(location).toBe(`/v1/jobs/${id}`);
    const seen = new Set<string>();
    let last: any;
    await until(async () => {
      last = (await app.inject({ method: 'GET', url: location })).json();
      seen.add(last.status);
      return last.status === 'done';
    }, 20_000, 50);
    expect(seen.has('running')).toBe(true);
    expect(last.result).toEqual({ status: 'feasible', schedule: { fixture: true, ms: 1200 } });
    expect(last.progress.fraction).toBe(1);
    expect(new Date(last.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(last.startedAt).getTime());
    const del = await app.inject({ method: 'DELETE', url: location });
    expect(del.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: location })).statusCode).toBe(404);
  });

  it('DELETE cancels a running job and frees its thread; a queued one too', async () => {
    const app = shared;
    const a = (await postJson(app, '/v1/jobs?seed=60000', tinyText())).json();
    const b = (await postJson(app, '/v1/jobs?seed=60000', tinyText())).json();
    await until(() => running(app) === 1);
    expect((await app.inject({ method: 'GET', url: b.location })).json().status).toBe('queued');
    const delB = await app.inject({ method: 'DELETE', url: b.location });
    expect(delB.statusCode).toBe(200);
    expect(delB.json().status).toBe('cancelled');
    const delA = await app.inject({ method: 'DELETE', url: a.location });
    expect(delA.json().status).toBe('cancelled');
    await until(() => app.kehou.solvers.load().running + app.kehou.solvers.load().queued === 0, 5000);
    expect((await app.inject({ method: 'GET', url: a.location })).json().status).toBe('cancelled');
    // the freed thread takes new work
    const c = (await postJson(app, '/v1/jobs?seed=2', tinyText())).json();
    await until(async () => (await app.inject({ method: 'GET', url: c.location })).json().status === 'done');
  });

  it('a job whose planner fails ends failed with a problem, not a leak', async () => {
    const app = shared;
    const { location } = (await postJson(app, '/v1/jobs?seed=0', tinyText())).json();
    let job: any;
    await until(async () => {
      job = (await app.inject({ method: 'GET', url: location })).json();
      return job.status === 'failed';
    });
    expect(job.error.code).toBe('internal-error');
    expect(job.result).toBeUndefined();
    expect(JSON.stringify(job)).not.toContain('secret');
  });
});

describe('shutdown drain', () => {
  it('running solves finish within the grace period; new requests get 503 meanwhile', async () => {
    const app = await slowApp();
    const solving = postJson(app, '/v1/solve?seed=700', tinyText());
    await until(() => running(app) === 1);
    const draining = app.kehou.drain(10_000);
    const during = await app.inject({ method: 'GET', url: '/healthz' });
    expect(during.statusCode).toBe(503);
    expect(during.json().code).toBe('shutting-down');
    expect(during.headers.connection).toBe('close');
    const res = await solving;
    expect(res.statusCode).toBe(200);
    await draining;
  });

  it('solves still running when the grace period ends are aborted with 503', async () => {
    const app = await slowApp();
    const solving = postJson(app, '/v1/solve?seed=60000', tinyText());
    await until(() => running(app) === 1);
    const t0 = Date.now();
    await app.kehou.drain(300);
    const res = await solving;
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('shutting-down');
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
