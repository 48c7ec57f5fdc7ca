// `kehou serve --redis`: the HTTP jobs API through the district queue (a queue runner handed to the app, a queue
// worker in this process), with per-tenant tokens. Resubmitting a finished school returns its stored result
// without planning it again; a tenant's token cannot submit or read another school's job; cancelling works.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/checker/index.js';
import type { Instance, Schedule } from '../../src/model/schema.js';
import { startQueueWorker, type QueueWorker } from '../../src/queue/worker.js';
import { createQueueRunner, threadExecutor } from '../../src/server/district.js';
import { createServer } from '../../src/server/server.js';
import { tenantsFrom } from '../../src/server/tenants.js';
import { KEHOU, smallSchool, until } from './helpers.js';
import { startRedis, type TestRedis } from './redis.js';

const run = promisify(execFile);
const TOKEN_A = 'token-of-school-a-0123456789';
const TOKEN_B = 'token-of-school-b-0123456789';
const DISTRICT = 'district-wide-token-0123456789';

describe('kehou serve --redis: /v1/jobs through the queue, per-tenant tokens', () => {
  let redis: TestRedis;
  let app: FastifyInstance;
  let worker: QueueWorker | null = null;
  const workerLines: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'kehou-tenants-'));
  const schoolA = smallSchool(501, '甲小学');
  const schoolB = smallSchool(502, '乙小学');

  beforeAll(async () => {
    redis = await startRedis();
    const tokensFile = join(dir, 'tokens.json');
    writeFileSync(tokensFile, JSON.stringify({ [TOKEN_A]: ['甲小学'], [TOKEN_B]: ['乙小学'], [DISTRICT]: '*' }));
    app = await createServer({ logger: false, minThreads: 0, shutdownGrace: 0, tokensFile, jobRunner: () => createQueueRunner({ redis: redis.url }) });
    await app.ready();
  }, 30_000);

  afterAll(async () => {
    await worker?.drain();
    await app?.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: unknown, token: string, query = '?timeLimit=1') =>
    app.inject({ method: 'POST', url: `/v1/jobs${query}`, payload: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
  const get = (id: string, token: string) => app.inject({ method: 'GET', url: `/v1/jobs/${id}`, headers: { authorization: `Bearer ${token}` } });

  it('a tenant submits its own school only, and another school\'s job is not found to it; cancel a queued job', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/jobs/x' })).statusCode).toBe(401);
    const forbidden = await post(schoolB, TOKEN_A);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('school-not-allowed');

    // no worker runs yet: B's job waits in the queue
    const created = await post(schoolB, TOKEN_B, '?timeLimit=2');
    expect(created.statusCode).toBe(202);
    const { id, status } = created.json();
    expect(status).toBe('queued');
    expect(id).toMatch(/^solve-[0-9a-f]{40}$/);
    expect((await get(id, TOKEN_B)).json().status).toBe('queued');
    const other = await get(id, TOKEN_A);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('job-not-found');
    expect((await app.inject({ method: 'DELETE', url: `/v1/jobs/${id}`, headers: { authorization: `Bearer ${TOKEN_A}` } })).statusCode).toBe(404);
    expect((await get(id, DISTRICT)).statusCode).toBe(200);

    const cancelled = await app.inject({ method: 'DELETE', url: `/v1/jobs/${id}`, headers: { authorization: `Bearer ${TOKEN_B}` } });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await get(id, TOKEN_B)).json().status).toBe('cancelled');
  });

  it('a school is planned once, checked, and an unchanged resubmission returns the stored result', async () => {
    const started = await startQueueWorker({ redis: redis.url, executor: (n) => threadExecutor(n), log: (l) => workerLines.push(l) });
    if (typeof started === 'string') throw new Error(started);
    worker = started;

    const created = await post(schoolA, TOKEN_A);
    expect(created.statusCode).toBe(202);
    const { id } = created.json();
    let view: { status: string; result?: { status: string; schedule: Schedule }; checked?: { violations: number } } = { status: 'queued' };
    await until(async () => {
      view = (await get(id, TOKEN_A)).json();
      return view.status === 'done' || view.status === 'failed';
    }, 120_000, 200);
    expect(view.status).toBe('done');
    expect(view.checked?.violations).toBe(0);
    expect(check(schoolA, view.result!.schedule).violations).toEqual([]);
    expect((await get(id, TOKEN_B)).statusCode).toBe(404);

    // the same school, laid out differently (the id is the hash of its content, not of its file): the stored job
    const again = await app.inject({
      method: 'POST',
      url: '/v1/jobs?timeLimit=1',
      payload: JSON.stringify(schoolA, null, 4),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN_A}` },
    });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ id, status: 'done' });
    expect((await get(id, TOKEN_A)).body).toBe(JSON.stringify(view));
    expect(workerLines.filter((l) => l.startsWith('开始 '))).toHaveLength(1);

    // other options are another job
    const seeded = await post(schoolA, TOKEN_A, '?timeLimit=1&seed=7');
    expect(seeded.json().id).not.toBe(id);
  }, 180_000);

  it('a what-if job (new leave on a finished plan) runs through the queue and is checked too', async () => {
    const { createProducer } = await import('../../src/queue/producer.js');
    const { digestOf } = await import('../../src/server/requests.js');
    const producer = createProducer({ redis: redis.url });
    try {
      const created = await post(schoolA, TOKEN_A);
      const done = (await get(created.json().id, TOKEN_A)).json() as { result: { schedule: Schedule } };
      const teacher = schoolA.staff.find((s) => s.roles.includes('teacher'))!.id;
      const body = { instance: schoolA, schedule: done.result.schedule, leave: [{ staff: teacher, from: schoolA.calendar.start, to: schoolA.calendar.start }] };
      const job = await producer.submit({ kind: 'whatif', text: JSON.stringify(body), options: { timeLimit: 1 } }, { school: schoolA.school.name, timeLimit: 1 }, digestOf(body));
      expect(job.id).toMatch(/^whatif-/);
      await until(async () => (await producer.status(job.id)) === 'done', 120_000, 200);
      const finished = (await producer.peek(job.id))!;
      expect(finished.verdict?.violations).toBe(0);
      const result = JSON.parse(finished.result!.scheduleJson) as { schedule: Schedule; changes: unknown[]; mode: string; instance: Instance };
      expect(['substitutes', 'template']).toContain(result.mode);
      expect(result.instance.leave?.at(-1)?.staff).toBe(teacher);
      expect(check(result.instance, result.schedule).violations).toEqual([]);
    } finally {
      await producer.close();
    }
  }, 180_000);

  it('a finished result is kept for the configured time only (KEHOU_RESULT_TTL)', async () => {
    const { createProducer } = await import('../../src/queue/producer.js');
    const { digestOf } = await import('../../src/server/requests.js');
    const shortLived = createProducer({ redis: redis.url, keepSeconds: 1 });
    try {
      const created = await post(schoolA, TOKEN_A);
      const id = created.json().id as string;
      expect(created.json().status).toBe('done'); // kept (7 days by default)…
      await new Promise((r) => setTimeout(r, 1100));
      expect(await shortLived.peek(id)).toBeUndefined(); // …past a 1-second retention it is gone
      const again = await shortLived.submit({ kind: 'solve', text: JSON.stringify(schoolA), options: { timeLimit: 1 } }, { school: schoolA.school.name, timeLimit: 1 }, digestOf(schoolA));
      expect(again.id).toBe(id);
      expect(['queued', 'running']).toContain(again.status); // planned anew
    } finally {
      await shortLived.close();
    }
  });

  it('a cancelled school submitted again is planned again', async () => {
    const created = await post(schoolB, TOKEN_B, '?timeLimit=2');
    expect(created.statusCode).toBe(202);
    expect(created.json().status).not.toBe('cancelled');
  });
});

describe('the CLI wiring', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);
  afterAll(async () => {
    await redis?.stop();
  });

  it('kehou serve --redis URL: POST /v1/jobs goes to the queue (job id = content hash)', async () => {
    const child = spawn(process.execPath, [KEHOU, 'serve', '--port', '0', '--redis', redis.url], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KEHOU_LOG_LEVEL: 'warn' } });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await until(() => /http:\/\/127\.0\.0\.1:\d+/.test(out), 60_000);
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1];
      const res = await fetch(`${url}/v1/jobs?timeLimit=1`, { method: 'POST', body: JSON.stringify(smallSchool(601, '丙小学')), headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };
      expect(id).toMatch(/^solve-[0-9a-f]{40}$/);
      const { Redis } = await import('ioredis');
      const client = new Redis(redis.url);
      try {
        expect(await client.exists(`bull:kehou:${id}`)).toBe(1); // the job is in Redis, not in the server
      } finally {
        client.disconnect();
      }
      expect(((await (await fetch(`${url}/v1/jobs/${id}`)).json()) as { status: string }).status).toBe('queued');
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }, 90_000);

  it('kehou worker: a bad URL is a usage error (2); an unreachable Redis exits 1 with a message', async () => {
    type Exit = { code?: number; stderr: string };
    const bad: Exit = await run(process.execPath, [KEHOU, 'worker', '--redis', 'http://x']).catch((e: Exit) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad-redis-url');
    const down: Exit = await run(process.execPath, [KEHOU, 'worker', '--redis', 'redis://127.0.0.1:1']).catch((e: Exit) => e);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('queue-unavailable');
    expect(down.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('per-tenant tokens without Redis (the in-process jobs)', () => {
  it('a tenant cannot submit or read another school\'s job', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kehou-tenants-'));
    const tokensFile = join(dir, 'tokens.json');
    writeFileSync(tokensFile, JSON.stringify({ [TOKEN_A]: ['甲小学'], [TOKEN_B]: ['乙小学'] }));
    const app = await createServer({ logger: false, minThreads: 0, shutdownGrace: 0, threads: 1, tokensFile });
    try {
      const headers = (token: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
      const school = smallSchool(701, '乙小学');
      expect((await app.inject({ method: 'POST', url: '/v1/jobs?timeLimit=1', payload: JSON.stringify(school), headers: headers(TOKEN_A) })).statusCode).toBe(403);
      const created = await app.inject({ method: 'POST', url: '/v1/jobs?timeLimit=1', payload: JSON.stringify(school), headers: headers(TOKEN_B) });
      expect(created.statusCode).toBe(202);
      const id = created.json().id as string;
      expect((await app.inject({ method: 'GET', url: `/v1/jobs/${id}`, headers: headers(TOKEN_A) })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: `/v1/jobs/${id}`, headers: headers(TOKEN_B) })).statusCode).toBe(200);
      expect((await app.inject({ method: 'DELETE', url: `/v1/jobs/${id}`, headers: headers(TOKEN_B) })).json().status).toBe('cancelled');
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('tokens file', () => {
  it('lists every problem at once', () => {
    const read = tenantsFrom({ short: ['甲'], 'long-enough-token-123': [], 'another-long-token-1': 5 });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message.split('\n')).toHaveLength(3);
  });
  it('maps a token to its schools, "*" to every school', () => {
    const read = tenantsFrom({ 'long-enough-token-123': ['甲小学'], 'district-token-123456': '*' });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect([...read.tenants.grantOf('long-enough-token-123')!.schools]).toEqual(['甲小学']);
    expect(read.tenants.grantOf('district-token-123456')!.all).toBe(true);
    expect(read.tenants.grantOf('nope')).toBeUndefined();
  });
});
