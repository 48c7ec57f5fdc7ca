// The worker runtime (`kehou worker --redis URL`): a BullMQ Worker whose processor hands each job to a thread
// of the server's piscina pool (src/server/pool.ts, worker.ts): the solve is CPU-bound and synchronous, so it
// must run off the event loop, or BullMQ's lock renewal stalls and the job would be taken by a second worker
// while the first still runs it. The thread parses and validates the body again, plans, and runs the
// independent checker (src/checker); a result with a violation is a failure, never marked done.
//
// Retries: a thread that crashes fails the attempt and BullMQ retries it with exponential backoff (attempts,
// set by the producer); a worker process that dies (kill -9, lost machine) stops renewing its lock, and another
// worker's stalled-job check puts the job back in the queue (maxStalledCount times). Failures that would come out
// the same again (invalid school, checker violation, planner exception, overrun, cancelled) are not retried.
// SIGTERM drains: `close()` takes no new job and waits for the running ones to finish.
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { createWorkerPool, resolvePoolOptions, type WorkerPool } from '../server/pool.js';
import type { SolveOutcome, SolveTask } from '../server/protocol.js';
import { reachable, redisConnection } from './connection.js';
import { failureText, QUEUE_NAME, type QueueJobData, type QueueJobResult } from './jobs.js';
import { CANCEL_CHANNEL, cancelKey } from './producer.js';

export type QueueWorkerOptions = {
  readonly redis: string;
  /** jobs run at once (= worker threads); default 1 */
  readonly concurrency?: number;
  /** seconds a job's lock lasts without renewal: how soon a dead worker's job is taken up again; default 30 */
  readonly lockSeconds?: number;
  /** times a job may be taken back from a worker that died before it fails; default 2 */
  readonly maxStalled?: number;
  /** a job still running after 2 × its time limit + this many seconds is killed; default 60 */
  readonly killMargin?: number;
  /** the name stored on each job it runs (processedBy); default host:pid */
  readonly name?: string;
  /** one line per event, in Chinese (default: stdout) */
  readonly log?: (line: string) => void;
};

export const DEFAULT_QUEUE_WORKER_OPTIONS: Required<Omit<QueueWorkerOptions, 'redis' | 'log' | 'name'>> = {
  concurrency: 1,
  lockSeconds: 30,
  maxStalled: 2,
  killMargin: 60,
};

export type QueueWorker = {
  readonly name: string;
  /** stops taking jobs, waits for the running ones, closes the threads and connections */
  readonly drain: () => Promise<void>;
  /** jobs running now */
  readonly running: () => number;
};

type Job_ = Job<QueueJobData, QueueJobResult>;

const PROGRESS_EVERY_MS = 500;

/** Connects, checks Redis answers, and starts taking jobs; a message (no worker) when Redis cannot be reached. */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker | string> {
  const opts = { ...DEFAULT_QUEUE_WORKER_OPTIONS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<
    Omit<QueueWorkerOptions, 'log' | 'name'>
  > &
    QueueWorkerOptions;
  const log = opts.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const name = opts.name ?? `${hostname()}:${process.pid}`;
  const connection = redisConnection(opts.redis, 'worker');
  if (!(await reachable(connection))) {
    connection.disconnect();
    return `无法连接 Redis：${opts.redis}`;
  }
  const concurrency = Math.max(1, Math.floor(opts.concurrency));
  const pool: WorkerPool<SolveTask, SolveOutcome> = createWorkerPool<SolveTask, SolveOutcome>(
    { ...resolvePoolOptions({ threads: concurrency, maxQueue: 0 }), minThreads: concurrency },
    (err) => log(`工作线程出错：${err.message}`),
  );

  const processor = async (job: Job_, _token?: string, signal?: AbortSignal): Promise<QueueJobResult> => {
    const id = job.id ?? '';
    if ((await connection.exists(cancelKey(id))) > 0) throw new UnrecoverableError(failureText('cancelled', '任务已取消'));
    const label = `${job.data.kind === 'whatif' ? '请假推演' : '求解'} ${id.slice(0, 16)}`;
    log(`开始 ${label}（第 ${job.attemptsMade + 1} 次尝试）`);
    let lastProgress = 0;
    const { timeLimit } = job.data.options;
    const run = await pool.run(
      { kind: job.data.kind, text: job.data.text, options: { ...job.data.options, check: true } },
      {
        ...(signal ? { signal } : {}),
        hardLimitMs: (2 * timeLimit + opts.killMargin) * 1000,
        onProgress: (stage, fraction, message) => {
          const now = Date.now();
          if (now - lastProgress < PROGRESS_EVERY_MS && fraction < 1) return;
          lastProgress = now;
          void job.updateProgress({ stage, fraction, ...(message !== undefined ? { message } : {}) }).catch(() => undefined);
        },
      },
    );
    if (run.kind === 'done' && run.outcome.kind === 'solved') {
      const verdict = run.outcome.verdict;
      if (!verdict) throw new UnrecoverableError(failureText('internal-error', '结果未经校验'));
      if (verdict.violations > 0) {
        const first = verdict.first[0];
        log(`失败 ${verdict.school}（${label}）：方案未通过独立校验，${verdict.violations} 处违反规则`);
        throw new UnrecoverableError(failureText('check-failed', `方案未通过独立校验：${verdict.violations} 处违反规则（第一处：${first?.rule ?? ''} ${first?.message ?? ''}）`));
      }
      log(`完成 ${verdict.school}（${label}）：用时 ${run.seconds.toFixed(1)} 秒，校验通过`);
      return { status: run.outcome.status, json: run.outcome.json, verdict, seconds: run.seconds, worker: name };
    }
    if (run.kind === 'done' && run.outcome.kind === 'rejected') {
      const o = run.outcome;
      throw new UnrecoverableError(failureText(o.code, `数据无效：发现 ${o.errors.length} 个错误；第一个：${o.errors[0]?.path || '/'} ${o.errors[0]?.message ?? ''}`));
    }
    if (run.kind === 'done') {
      const o = run.outcome as Extract<SolveOutcome, { kind: 'failed' }>;
      log(`失败 ${label}：求解程序出错：${o.message}`);
      throw new UnrecoverableError(failureText('internal-error', '求解程序出错（详见工作进程日志）'));
    }
    if (run.kind === 'aborted' && run.reason === 'cancelled') {
      log(`已取消 ${label}`);
      throw new UnrecoverableError(failureText('cancelled', '任务已取消'));
    }
    if (run.kind === 'aborted' && run.reason === 'overrun') {
      log(`失败 ${label}：超过时间上限，已终止`);
      throw new UnrecoverableError(failureText('solve-overrun', '求解超过时间上限仍未结束，已被终止'));
    }
    // a thread that died or a pool that broke: worth another try, after a pause (backoff)
    const why = run.kind === 'crashed' ? run.error.message : run.kind === 'aborted' ? run.reason : 'busy';
    log(`出错 ${label}：${why}，稍后重试`);
    throw new Error(failureText('internal-error', `求解线程意外退出（${why}），已安排重试`));
  };

  const worker = new Worker<QueueJobData, QueueJobResult>(QUEUE_NAME, processor, {
    connection,
    concurrency,
    name,
    lockDuration: opts.lockSeconds * 1000,
    stalledInterval: opts.lockSeconds * 1000,
    maxStalledCount: opts.maxStalled,
    autorun: true,
  });
  worker.on('error', (err) => log(`队列连接出错：${err.message}`));
  worker.on('stalled', (jobId) => log(`任务 ${jobId.slice(0, 16)} 的工作进程已失联，任务重新排队`));

  // a cancellation while a job runs here: stop it now (its thread is terminated)
  const subscriber = connection.duplicate();
  await subscriber.subscribe(CANCEL_CHANNEL);
  subscriber.on('message', (_channel: string, id: string) => {
    worker.cancelJob(id, 'cancelled');
  });

  let draining: Promise<void> | null = null;
  const drain = () =>
    (draining ??= (async () => {
      await worker.close(); // no new job; waits for the running ones (their locks keep being renewed)
      await pool.close();
      subscriber.disconnect();
      connection.disconnect();
    })());
  return { name, drain, running: () => pool.load().running };
}
