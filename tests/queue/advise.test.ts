// `advise` jobs (`kehou advise` through the district queue): POST /v1/jobs?advice=true queues an `advise` job, a real
// `kehou worker` process runs it in a thread, and the stored result is the week's schedule with the advice (建议) in
// its report, checked by the independent checker like every result. A school where 30 students want dance (10 seats)
// and a second dance room and coach are free gets the extra section, its gain computed by re-optimising.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/checker/index.js';
import type { Instance, Schedule } from '../../src/model/schema.js';
import { createQueueRunner } from '../../src/server/district.js';
import { createServer } from '../../src/server/server.js';
import { danceSchool } from '../fixtures/school.js';
import { killWorker, startWorker, until, type WorkerProcess } from './helpers.js';
import { startRedis, type TestRedis } from './redis.js';


describe('advise jobs through the queue', () => {
  let redis: TestRedis;
  let app: FastifyInstance;
  let worker: WorkerProcess | null = null;

  beforeAll(async () => {
    redis = await startRedis();
    app = await createServer({ logger: false, minThreads: 0, shutdownGrace: 0, jobRunner: () => createQueueRunner({ redis: redis.url }) });
    await app.ready();
  }, 30_000);

  afterAll(async () => {
    if (worker) await killWorker(worker);
    await app?.close();
    await redis?.stop();
  });

  const post = (body: unknown, query: string) =>
    app.inject({ method: 'POST', url: `/v1/jobs?${query}`, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

  it('a worker runs the advise job in a thread; the result is the checked week with its advice', async () => {
    const instance = danceSchool();
    worker = startWorker(redis.url);
    const created = await post(instance, 'timeLimit=1&advice=true');
    expect(created.statusCode).toBe(202);
    const { id } = created.json();
    expect(id).toMatch(/^advise-[0-9a-f]{40}$/);

    let view: any = { status: 'queued' };
    await until(async () => {
      view = (await app.inject({ url: `/v1/jobs/${id}` })).json();
      return view.status === 'done' || view.status === 'failed';
    }, 120_000, 200);
    expect(view.status).toBe('done');
    expect(view.checked?.violations).toBe(0);
    const schedule = view.result.schedule as Schedule;
    expect(check(instance, schedule).violations).toEqual([]);
    const advice = (schedule.report as Record<string, any>).advice;
    expect(advice.demand).toEqual([expect.objectContaining({ club: 'dance', firstChoices: 30, seats: 10 })]);
    expect(advice.suggestions[0].addClub).toMatchObject({ id: 'dance-2', sectionOf: 'dance', level: 'school' });
    expect(advice.suggestions[0].gain).toEqual({ placed: 10, clubCost: 10 * 100 - 10 });
    expect(schedule.semester?.length ?? 0).toBe(0); // advise plans the week only
    expect(worker.lines.some((l) => l.startsWith('开始 建议'))).toBe(true);

    // the same school as a plain solve is another job; as advise again, the stored result
    const solve = await post(instance, 'timeLimit=1');
    expect(solve.json().id).toMatch(/^solve-/);
    const again = await post(instance, 'timeLimit=1&advice=true');
    expect(again.json()).toMatchObject({ id, status: 'done' });
  }, 180_000);

  it('advice=true is refused on a malformed value like any query parameter', async () => {
    const r = await post(danceSchool(), 'advice=maybe');
    expect(r.statusCode).toBe(400);
  });
});
