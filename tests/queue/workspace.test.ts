// `kehou serve --redis`: the workspace's saved-scenario solves go through the district queue too. Two servers share
// one Redis and a real `kehou worker` process plans; the workspace keeps its persisted job record (queued → running →
// done, the result saved as a new version, checked by the independent checker) and its live progress comes from the
// queue job's progress. A solve cancelled in the workspace is cancelled in the queue; the same version solved on
// another server is answered from the queue's stored result without planning it again.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/checker/index.js';
import type { Instance, Schedule } from '../../src/model/schema.js';
import { createProducer } from '../../src/queue/producer.js';
import { createQueueRunner } from '../../src/server/district.js';
import { createServer } from '../../src/server/server.js';
import type { JobEvent } from '../../src/web/service.js';
import { killWorker, startWorker, until, type WorkerProcess } from './helpers.js';
import { startRedis, type TestRedis } from './redis.js';

const json = (r: { body: string }) => JSON.parse(r.body);

describe('kehou serve --redis: the workspace solves through the queue', () => {
  let redis: TestRedis;
  let one: FastifyInstance;
  let two: FastifyInstance;
  let worker: WorkerProcess | null = null;

  beforeAll(async () => {
    redis = await startRedis();
    const make = () => createServer({ logger: false, minThreads: 0, shutdownGrace: 0, jobRunner: () => createQueueRunner({ redis: redis.url }) });
    one = await make();
    two = await make();
    await Promise.all([one.ready(), two.ready()]);
  }, 30_000);

  afterAll(async () => {
    if (worker) await killWorker(worker);
    await one?.close();
    await two?.close();
    await redis?.stop();
  });

  const create = async (app: FastifyInstance, example: string): Promise<string> => {
    const r = await app.inject({ method: 'POST', url: `/v1/scenarios?example=${example}` });
    expect(r.statusCode).toBe(201);
    return json(r).id;
  };
  const solve = async (app: FastifyInstance, id: string, query: string) => {
    const r = await app.inject({ method: 'POST', url: `/v1/scenarios/${id}/solve?${query}` });
    expect(r.statusCode).toBe(202);
    return json(r).id as string;
  };
  const jobView = async (app: FastifyInstance, id: string, job: string) => json(await app.inject({ url: `/v1/scenarios/${id}/jobs/${job}` }));
  const finished = async (app: FastifyInstance, id: string, job: string) => {
    let view: any;
    await until(async () => {
      view = await jobView(app, id, job);
      return view.status !== 'queued' && view.status !== 'running';
    }, 120_000, 100);
    return view;
  };

  it('with no worker the solve waits in the queue; cancelling it in the workspace cancels the queue job', async () => {
    const id = await create(one, 'tiny');
    const job = await solve(one, id, 'timeLimit=1&seed=3');
    const producer = createProducer({ redis: redis.url });
    try {
      await until(async () => (await producer.queue.getWaitingCount()) === 1, 10_000);
      const [waiting] = await producer.queue.getWaiting();
      expect(waiting.data.kind).toBe('solve');
      expect((await jobView(one, id, job)).status).toBe('queued');
      const cancelled = await one.inject({ method: 'DELETE', url: `/v1/scenarios/${id}/jobs/${job}` });
      expect(cancelled.statusCode).toBe(200);
      expect(json(cancelled).status).toBe('cancelled');
      await until(async () => (await producer.peek(waiting.id!))?.status === 'cancelled', 10_000);
      expect(await producer.queue.getWaitingCount()).toBe(0);
      expect((await jobView(one, id, job)).status).toBe('cancelled');
    } finally {
      await producer.close();
    }
  });

  it('a worker process plans it: persisted job, progress from the queue, a checked new version; another server reuses the result', async () => {
    const id = await create(one, 'small');
    const events: JobEvent[] = [];
    const job = await solve(one, id, 'timeLimit=3&author=%E7%8E%8B%E4%B8%BB%E4%BB%BB');
    const off = one.kehou.workspace.subscribe(job, (e) => events.push(e));
    worker = startWorker(redis.url);
    const view = await finished(one, id, job);
    off();
    expect(view).toMatchObject({ status: 'done', author: '王主任', error: null, progress: { fraction: 1 } });
    expect(worker.lines.filter((l) => l.startsWith('开始 '))).toHaveLength(1);

    // the live progress came from the queue job's progress (the worker's solver stages), then the end
    const stages = events.flatMap((e) => (e.type === 'progress' ? [e.progress.stage] : []));
    expect(stages[0]).toBe('started');
    expect(stages.some((s) => s !== 'started' && s !== 'queued')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'end', job: { status: 'done' } });

    const version = json(await one.inject({ url: `/v1/scenarios/${id}/versions/${view.resultVersion}` }));
    const instance = (typeof version.instance === 'string' ? JSON.parse(version.instance) : version.instance) as Instance;
    const schedule = (typeof version.schedule === 'string' ? JSON.parse(version.schedule) : version.schedule) as Schedule;
    expect(check(instance, schedule).violations).toEqual([]);

    // the same school and options on another server: the queue answers with the stored result, no second plan
    const other = await create(two, 'small');
    const again = await finished(two, other, await solve(two, other, 'timeLimit=3'));
    expect(again.status).toBe('done');
    const againVersion = json(await two.inject({ url: `/v1/scenarios/${other}/versions/${again.resultVersion}` }));
    expect(JSON.stringify(againVersion.schedule)).toBe(JSON.stringify(version.schedule));
    expect(worker.lines.filter((l) => l.startsWith('开始 '))).toHaveLength(1);
  }, 180_000);
});
