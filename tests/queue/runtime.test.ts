// The queue's worker runtime with a stand-in executor (no planner): a result the checker rejects is never marked
// done (check-failed, not retried); a thread that died is retried with backoff and then succeeds; an invalid body
// fails at once. The real executor (the server's threads) is exercised in district.test.ts and server.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProducer, type Producer } from '../../src/queue/producer.js';
import type { Verdict } from '../../src/queue/verdict.js';
import { startQueueWorker, type JobExecutor, type JobOutcome, type QueueWorker } from '../../src/queue/worker.js';
import { until } from './helpers.js';
import { startRedis, type TestRedis } from './redis.js';

const verdict = (violations: number): Verdict => ({
  violations,
  first: violations > 0 ? [{ rule: 'S1', message: '学生 s1 周一未被安排' }] : [],
  shortfalls: 0,
  clubCost: 10,
  clubCostBound: 10,
  school: '测试学校',
  students: 1,
  unplaced: 0,
});

describe('the queue worker runtime', () => {
  let redis: TestRedis;
  let producer: Producer;
  let worker: QueueWorker;
  const calls = new Map<string, number>();

  beforeAll(async () => {
    redis = await startRedis();
    producer = createProducer({ redis: redis.url, backoffMs: 200 });
    // what each job's text asks the stand-in to do
    const executor: JobExecutor = {
      running: () => 0,
      close: async () => {},
      run: async (data): Promise<JobOutcome> => {
        const n = (calls.get(data.text) ?? 0) + 1;
        calls.set(data.text, n);
        if (data.text === 'violates') return { kind: 'solved', status: 'optimal', json: '{}', verdict: verdict(1), seconds: 0.1 };
        if (data.text === 'unchecked') return { kind: 'solved', status: 'optimal', json: '{}', verdict: undefined, seconds: 0.1 };
        if (data.text === 'invalid') return { kind: 'rejected', code: 'invalid-instance', detail: '数据无效：发现 1 个错误' };
        if (data.text === 'flaky' && n === 1) return { kind: 'failed', code: 'internal-error', detail: '求解线程意外退出', retry: true };
        return { kind: 'solved', status: 'optimal', json: '{"ok":true}', verdict: verdict(0), seconds: 0.1 };
      },
    };
    const started = await startQueueWorker({ redis: redis.url, executor: () => executor, log: () => {} });
    if (typeof started === 'string') throw new Error(started);
    worker = started;
  }, 30_000);

  afterAll(async () => {
    await worker?.drain();
    await producer?.close();
    await redis?.stop();
  });

  const runJob = async (text: string) => {
    const job = await producer.submit({ kind: 'solve', text, options: { timeLimit: 1 } }, { school: '测试学校', timeLimit: 1 }, text);
    await until(async () => {
      const s = await producer.status(job.id);
      return s === 'done' || s === 'failed';
    }, 30_000, 50);
    return (await producer.peek(job.id))!;
  };

  it('a result with a violation fails (check-failed), is never done, and is not retried', async () => {
    const job = await runJob('violates');
    expect(job.status).toBe('failed');
    expect(job.failure?.code).toBe('check-failed');
    expect(job.failure?.detail).toContain('S1');
    expect(job.result).toBeUndefined();
    expect(calls.get('violates')).toBe(1);
  });

  it('a result without a verdict is not done either', async () => {
    const job = await runJob('unchecked');
    expect(job.status).toBe('failed');
    expect(calls.get('unchecked')).toBe(1);
  });

  it('a thread that died is retried (backoff), then done', async () => {
    const job = await runJob('flaky');
    expect(job.status).toBe('done');
    expect(job.result?.scheduleJson).toBe('{"ok":true}');
    expect(calls.get('flaky')).toBe(2);
    expect(job.attemptsMade).toBeGreaterThanOrEqual(1);
  });

  it('an invalid body fails at once with its code', async () => {
    const job = await runJob('invalid');
    expect(job.status).toBe('failed');
    expect(job.failure?.code).toBe('invalid-instance');
    expect(calls.get('invalid')).toBe(1);
  });
});
