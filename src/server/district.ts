// The server's side of the district queue (src/queue, which sits below the server and may not import it):
// - threadExecutor: runs a queue job in a thread of this server's piscina pool (pool.ts, worker.ts), with the
//   independent checker's verdict; `kehou worker` hands it to the queue's worker runtime;
// - createQueueRunner: the JobRunner of `kehou serve --redis URL`: /v1/jobs go through the queue, so several
//   servers and many workers share it; a job's record lives in Redis, not in this process.
import { MAX_STUDENTS } from '../model/validate.js';
import type { Cancelled as QueueCancelled, JobPeek, ProducerOptions } from '../queue/producer.js';
import { createProducer } from '../queue/producer.js';
import type { JobExecutor } from '../queue/worker.js';
import { createWorkerPool, resolvePoolOptions } from './pool.js';
import { PROBLEM_TYPES, problem, problemError, type ProblemCode } from './problem.js';
import { bodyString, type SolveOutcome, type SolveTask } from './protocol.js';
import type { RunOutcome } from './pool.js';
import type { Cancelled, JobRunner, JobSnapshot, TaskRunner } from './runner.js';

/** How often a workspace solve on the queue reads its job's state and progress (the worker writes progress at most
 * every 0.5 s), and how long Redis may stay unreachable before such a solve is given up. */
const POLL_MS = 500;
const UNREACHABLE_MS = 120_000;

/** One thread per job: `concurrency` threads, no waiting room (the queue is the waiting room). */
export function threadExecutor(concurrency: number, onThreadError: (e: Error) => void = () => {}): JobExecutor {
  const pool = createWorkerPool<SolveTask, SolveOutcome>({ ...resolvePoolOptions({ threads: concurrency, maxQueue: 0 }), minThreads: concurrency }, onThreadError);
  return {
    running: () => pool.load().running,
    close: () => pool.close(),
    run: async (data, hooks) => {
      const run = await pool.run(
        { kind: data.kind, text: data.text, maxStudents: data.maxStudents ?? MAX_STUDENTS, options: { ...data.options, check: true } },
        {
          ...(hooks.signal ? { signal: hooks.signal } : {}),
          hardLimitMs: hooks.hardLimitMs,
          onProgress: (stage, fraction, message) => hooks.onProgress({ stage, fraction, ...(message !== undefined ? { message } : {}) }),
        },
      );
      if (run.kind === 'done') {
        const o = run.outcome;
        if (o.kind === 'solved') return { kind: 'solved', status: o.status, json: o.json, verdict: o.verdict, seconds: run.seconds };
        if (o.kind === 'rejected') {
          const first = o.errors[0];
          return { kind: 'rejected', code: o.code, detail: `数据无效：发现 ${o.errors.length} 个错误；第一个：${first?.path || '/'} ${first?.message ?? ''}` };
        }
        return { kind: 'failed', code: 'internal-error', detail: `求解程序出错：${o.message}`, retry: false };
      }
      if (run.kind === 'aborted' && run.reason === 'cancelled') return { kind: 'cancelled' };
      if (run.kind === 'aborted' && run.reason === 'overrun') return { kind: 'failed', code: 'solve-overrun', detail: '求解超过时间上限仍未结束，已被终止', retry: false };
      const why = run.kind === 'crashed' ? run.error.message : run.kind === 'aborted' ? run.reason : 'busy';
      return { kind: 'failed', code: 'internal-error', detail: `求解线程意外退出（${why}）`, retry: true };
    },
  };
}

const problemCode = (code: string): ProblemCode => (code in PROBLEM_TYPES ? (code as ProblemCode) : 'internal-error');

/** A queue job as the HTTP API shows it (a failure becomes a problem document). */
function snapshotOf(job: JobPeek): JobSnapshot & { readonly controller?: never } {
  const { failure, label: _label, worker: _worker, attemptsMade: _attempts, ...rest } = job;
  return { ...rest, ...(failure ? { error: problem(problemCode(failure.code), { detail: failure.detail }) } : {}) };
}

const cancelledOf = (c: QueueCancelled): Cancelled => (c.kind === 'cancelled' ? { kind: 'cancelled', job: snapshotOf(c.job) } : c);

export function createQueueRunner(options: ProducerOptions): JobRunner {
  const producer = createProducer(options);
  const detail = '任务队列（Redis）暂时无法访问，请稍后重试';
  // Redis gone: a 503 problem (the app's error handler sends it), never a 500 with a driver's message
  const down = (): never => {
    throw problemError('queue-unavailable', { detail });
  };
  // the workspace's saved-scenario solves: queued like /v1/jobs, followed by polling the job's state and progress
  const tasks: TaskRunner = {
    full: () => false, // the queue is the waiting room
    retryAfter: () => 30,
    run: async (task, hooks): Promise<RunOutcome<SolveOutcome>> => {
      const data = { kind: task.kind, text: bodyString(task.text), options: task.options, maxStudents: task.maxStudents };
      let job: JobPeek | undefined;
      try {
        job = await producer.submit(data, { school: hooks.school, timeLimit: task.options.timeLimit }, hooks.digest);
      } catch {
        return { kind: 'busy', retryAfter: 30 };
      }
      const id = job.id;
      let cancelled = hooks.signal?.aborted ?? false;
      const onAbort = () => {
        cancelled = true;
        void producer.cancel(id).catch(() => undefined);
      };
      hooks.signal?.addEventListener('abort', onAbort, { once: true });
      let started = false;
      let lastProgress = '';
      let reachedAt = Date.now();
      try {
        for (;;) {
          if (cancelled) return { kind: 'aborted', reason: 'cancelled' };
          if (job.status === 'running' || job.status === 'done') {
            if (!started) hooks.onStart?.();
            started = true;
          }
          const p = job.progress;
          const key = p ? `${p.stage} ${p.fraction}` : '';
          if (p && job.status === 'running' && key !== lastProgress) {
            lastProgress = key;
            hooks.onProgress?.(p.stage, p.fraction, p.message);
          }
          if (job.status === 'done' && job.result) {
            const seconds = job.startedAt !== undefined && job.finishedAt !== undefined ? Math.max(0, job.finishedAt - job.startedAt) / 1000 : 0;
            const outcome: SolveOutcome = { kind: 'solved', status: job.result.status, json: job.result.scheduleJson, warnings: [], ...(job.verdict ? { verdict: job.verdict } : {}) };
            return { kind: 'done', outcome, seconds };
          }
          if (job.status === 'cancelled') return { kind: 'aborted', reason: 'cancelled' };
          if (job.status === 'failed') {
            const code = job.failure?.code ?? 'internal-error';
            if (code === 'solve-overrun') return { kind: 'aborted', reason: 'overrun' };
            return { kind: 'done', outcome: { kind: 'failed', message: `${code}: ${job.failure?.detail ?? ''}` }, seconds: 0 };
          }
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          try {
            const next = await producer.peek(id);
            if (!next) return { kind: 'crashed', error: new Error(`queue job ${id} is gone (removed or expired)`) };
            job = next;
            reachedAt = Date.now();
          } catch (e) {
            if (Date.now() - reachedAt > UNREACHABLE_MS) return { kind: 'crashed', error: e instanceof Error ? e : new Error(String(e)) };
          }
        }
      } finally {
        hooks.signal?.removeEventListener('abort', onAbort);
      }
    },
  };
  return {
    tasks,
    submit: async (task, { school, digest, request }) => {
      try {
        const data = { kind: task.kind, text: bodyString(task.text), options: task.options, maxStudents: task.maxStudents };
        const job = await producer.submit(data, { school, timeLimit: task.options.timeLimit }, digest);
        request.log.info({ job: job.id, status: job.status }, job.status === 'queued' ? 'job queued' : 'job already known');
        return { kind: 'accepted', job: snapshotOf(job) };
      } catch (err) {
        request.log.error({ err }, 'queue unavailable');
        return { kind: 'busy', retryAfter: 30, detail };
      }
    },
    get: (id) => producer.peek(id).then((job) => (job ? snapshotOf(job) : undefined), down),
    cancel: (id) => producer.cancel(id).then(cancelledOf, down),
    close: () => producer.close(),
  };
}
