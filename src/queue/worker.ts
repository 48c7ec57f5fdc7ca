// The worker runtime (`kehou worker --redis URL`): a BullMQ Worker whose processor hands each job to an executor
// that runs it off the event loop; `kehou worker` passes the server's piscina pool (src/server/district.ts, which
// the queue may not import: it sits below the server). The solve is CPU-bound and synchronous: on the event loop
// it would stall BullMQ's lock renewal and a second worker would take the job while the first still runs it. The
// thread parses and validates the body again, plans, and runs the independent checker (verdict.ts); a result with a
// violation is a failure, never marked done.
//
// Retries: a thread that crashes fails the attempt and BullMQ retries it with exponential backoff (attempts,
// set by the producer); a worker process that dies (kill -9, lost machine) stops renewing its lock, and another
// worker's stalled-job check puts the job back in the queue (maxStalledCount times). Failures that would come out
// the same again (invalid school, checker violation, planner exception, overrun, cancelled) are not retried.
// SIGTERM drains: `close()` takes no new job and waits for the running ones to finish.
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { quiet, reachable, redisConnection } from './connection.js';
import { failureText, QUEUE_NAME, type JobProgress, type QueueJobData, type QueueJobResult } from './jobs.js';
import { CANCEL_CHANNEL, cancelKey } from './producer.js';
import type { Verdict } from './verdict.js';

/** How a job's work ended, as the executor reports it. */
export type JobOutcome =
  | { readonly kind: 'solved'; readonly status: string; readonly json: string; readonly verdict: Verdict | undefined; readonly seconds: number }
  /** the body was not a valid school (or request): not retried */
  | { readonly kind: 'rejected'; readonly code: string; readonly detail: string }
  | { readonly kind: 'cancelled' }
  /** retry: worth another attempt (a thread died); otherwise it would fail the same way again */
  | { readonly kind: 'failed'; readonly code: string; readonly detail: string; readonly retry: boolean };

export type ExecuteHooks = {
  readonly signal?: AbortSignal;
  /** ms after its start at which the work is killed */
  readonly hardLimitMs: number;
  readonly onProgress: (progress: JobProgress) => void;
};

/** Runs one job's work off the event loop (the CLI passes the server's piscina pool: src/server/district.ts),
 * with the independent checker's verdict on a result. */
export type JobExecutor = {
  readonly run: (data: QueueJobData, hooks: ExecuteHooks) => Promise<JobOutcome>;
  readonly running: () => number;
  readonly close: () => Promise<void>;
};

export type QueueWorkerOptions = {
  readonly redis: string;
  /** makes the executor once Redis answers, for `concurrency` jobs at once */
  readonly executor: (concurrency: number) => JobExecutor;
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

export const DEFAULT_QUEUE_WORKER_OPTIONS: Required<Omit<QueueWorkerOptions, 'redis' | 'log' | 'name' | 'executor'>> = {
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

/** a job's kind as the log says it */
const KIND_ZH: Readonly<Record<string, string>> = { solve: '求解', whatif: '请假推演', advise: '建议' };

/** Connects, checks Redis answers, and starts taking jobs; a message (no worker) when Redis cannot be reached. */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker | string> {
  const opts = { ...DEFAULT_QUEUE_WORKER_OPTIONS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<
    Omit<QueueWorkerOptions, 'log' | 'name'>
  > &
    QueueWorkerOptions;
  const log = opts.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const name = opts.name ?? `${hostname()}:${process.pid}`;
  const connection = redisConnection(opts.redis, 'worker', (m) => log(`Redis 连接出错：${m}（正在重连）`));
  if (!(await reachable(connection))) {
    connection.disconnect();
    return `无法连接 Redis：${opts.redis}`;
  }
  const concurrency = Math.max(1, Math.floor(opts.concurrency));
  const executor = opts.executor(concurrency);

  const processor = async (job: Job_, _token?: string, signal?: AbortSignal): Promise<QueueJobResult> => {
    const id = job.id ?? '';
    if ((await connection.exists(cancelKey(id))) > 0) throw new UnrecoverableError(failureText('cancelled', '任务已取消'));
    const label = `${KIND_ZH[job.data.kind] ?? '求解'} ${id.slice(0, 16)}`;
    log(`开始 ${label}（第 ${job.attemptsMade + 1} 次尝试）`);
    let lastProgress = 0;
    const { timeLimit } = job.data.options;
    const out = await executor.run(job.data, {
      ...(signal ? { signal } : {}),
      hardLimitMs: (2 * timeLimit + opts.killMargin) * 1000,
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastProgress < PROGRESS_EVERY_MS && p.fraction < 1) return;
        lastProgress = now;
        void job.updateProgress(p).catch(() => undefined);
      },
    });
    switch (out.kind) {
      case 'solved': {
        const verdict = out.verdict;
        if (!verdict) throw new UnrecoverableError(failureText('internal-error', '结果未经校验'));
        if (verdict.violations > 0) {
          const first = verdict.first[0];
          log(`失败 ${verdict.school}（${label}）：方案未通过独立校验，${verdict.violations} 处违反规则`);
          throw new UnrecoverableError(failureText('check-failed', `方案未通过独立校验：${verdict.violations} 处违反规则（第一处：${first?.rule ?? ''} ${first?.message ?? ''}）`));
        }
        log(`完成 ${verdict.school}（${label}）：用时 ${out.seconds.toFixed(1)} 秒，校验通过`);
        return { status: out.status, json: out.json, verdict, seconds: out.seconds, worker: name };
      }
      case 'rejected':
        log(`失败 ${label}：${out.detail}`);
        throw new UnrecoverableError(failureText(out.code, out.detail));
      case 'cancelled':
        log(`已取消 ${label}`);
        throw new UnrecoverableError(failureText('cancelled', '任务已取消'));
      case 'failed':
        log(`${out.retry ? '出错' : '失败'} ${label}：${out.detail}${out.retry ? '，稍后重试' : ''}`);
        // a thread that died: worth another try, after a pause (backoff); anything else would fail the same way
        if (out.retry) throw new Error(failureText(out.code, out.detail));
        throw new UnrecoverableError(failureText(out.code, out.detail));
    }
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
  const subscriber = quiet(connection.duplicate());
  await subscriber.subscribe(CANCEL_CHANNEL);
  subscriber.on('message', (_channel: string, id: string) => {
    worker.cancelJob(id, 'cancelled');
  });

  let draining: Promise<void> | null = null;
  const drain = () =>
    (draining ??= (async () => {
      await worker.close(); // no new job; waits for the running ones (their locks keep being renewed)
      await executor.close();
      subscriber.disconnect();
      connection.disconnect();
    })());
  return { name, drain, running: () => executor.running() };
}
