// A worker pool: piscina threads, a bounded queue (admission is refused, never queued without bound), a
// hard kill of a task that overruns its time limit, cancellation by AbortSignal (client gone, job deleted)
// and a drain for graceful shutdown. The app runs two: checkers (parse + validate) and solvers.
//
// Where the worker files are: `<name>.js` next to this module. From dist/ (the built package) that is
// dist/server/worker.js. Under vitest this module runs from src/server/pool.ts, where only worker.ts
// exists and a worker thread cannot load TypeScript; it then uses the compiled dist/server/worker.js
// (built by `npm run build`, which the `pretest` script runs before every `npm test`). A missing build is
// an explicit error naming the command, never a silent fallback to something else.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Input, WorkerMessage } from './protocol.js';

export type PoolOptions = {
  /** worker threads; default os.availableParallelism() */
  readonly threads?: number;
  /** tasks that may wait beyond the running ones; more are refused (busy) */
  readonly maxQueue?: number;
  /** the solver worker module (file URL or path); default: worker.js beside this module (see above) */
  readonly workerFile?: string | URL;
  /** ms an idle thread is kept before it exits */
  readonly idleTimeout?: number;
  /** threads started up front (a new thread takes a while to load its modules); default all of them */
  readonly minThreads?: number;
  /** Linux: worker threads run this much "nicer" than the event loop, so /healthz and new requests win the
   * CPU from running solves (piscina's niceIncrement; ignored where unsupported); default 5 */
  readonly niceIncrement?: number;
  /** a thread's heap limit in MB (worker `resourceLimits.maxOldGenerationSizeMb`): a task past it is ended with
   * ERR_WORKER_OUT_OF_MEMORY (its thread replaced), the process lives on; default 2048 */
  readonly maxMemoryMb?: number;
};

/** Told about a thread that failed outside any task (e.g. its module did not load); the pool replaces it. */
export type PoolErrorListener = (error: Error) => void;

/** Told each time a thread takes a task (the task is running from now on; its queue wait is over). */
export type PoolStartListener = (load: PoolLoad) => void;

export type ResolvedPoolOptions = Required<PoolOptions>;

export type WorkerPoolOptions = Required<Omit<PoolOptions, 'workerFile'>> & { readonly workerFile: string | URL };

/** cancelled: by the caller; overrun: the hard time limit; shutdown: the drain's grace ran out;
 * broken: threads keep failing before any task starts (e.g. the worker module does not load). */
export type AbortReason = 'cancelled' | 'overrun' | 'shutdown' | 'broken';

export type RunOutcome<O> =
  | { readonly kind: 'done'; readonly outcome: O; readonly seconds: number }
  | { readonly kind: 'busy'; readonly retryAfter: number }
  | { readonly kind: 'aborted'; readonly reason: AbortReason }
  | { readonly kind: 'crashed'; readonly error: Error };

export type RunHooks = {
  /** cancels the task (queued: removed; running: its thread is terminated) */
  readonly signal?: AbortSignal;
  /** the task is killed when it runs longer than this (ms, counted from its start in a thread) */
  readonly hardLimitMs: number;
  readonly onStart?: () => void;
  readonly onProgress?: (stage: string, fraction: number, message?: string) => void;
};

export type PoolLoad = { readonly threads: number; readonly running: number; readonly queued: number; readonly capacity: number };

export type WorkerPool<T, O> = {
  readonly run: (task: Input<T>, hooks: RunHooks) => Promise<RunOutcome<O>>;
  readonly load: () => PoolLoad;
  /** true when a new task would be refused */
  readonly full: () => boolean;
  /** seconds a refused client should wait (Retry-After) */
  readonly retryAfter: () => number;
  /** waits until no task is in flight, or aborts those left (reason 'shutdown') once graceMs has passed */
  readonly drain: (graceMs: number) => Promise<void>;
  readonly close: () => Promise<void>;
};

/** Where a compiled worker is (`worker` or `validate-worker`); see the header comment. */
export function workerFile(name: string): URL {
  const beside = new URL(`./${name}.js`, import.meta.url);
  if (existsSync(beside)) return beside;
  const compiled = new URL(`../../dist/server/${name}.js`, import.meta.url);
  if (import.meta.url.endsWith('.ts') && existsSync(compiled)) return compiled;
  throw new Error(`找不到求解工作线程文件 ${beside.pathname}：请先运行 npm run build`);
}

export function resolvePoolOptions(options: PoolOptions = {}): ResolvedPoolOptions {
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  return {
    threads,
    maxQueue: Math.max(0, Math.floor(options.maxQueue ?? threads * 4)),
    workerFile: options.workerFile ?? workerFile('worker'),
    idleTimeout: options.idleTimeout ?? 60_000,
    minThreads: Math.min(threads, Math.max(0, Math.floor(options.minThreads ?? threads))),
    niceIncrement: options.niceIncrement ?? 5,
    maxMemoryMb: options.maxMemoryMb ?? 2048,
  };
}

const BROKEN_AFTER = 3;

type InFlight = { readonly controller: AbortController; started: boolean; reason: AbortReason | null };

export function createWorkerPool<T, O>(
  opts: WorkerPoolOptions,
  onError: PoolErrorListener = () => {},
  onTaskStart: PoolStartListener = () => {},
): WorkerPool<T, O> {
  const filename = opts.workerFile instanceof URL ? opts.workerFile.href : opts.workerFile;
  const piscina = new Piscina({
    filename,
    minThreads: opts.minThreads,
    maxThreads: opts.threads,
    niceIncrement: opts.niceIncrement,
    idleTimeout: opts.idleTimeout,
    maxQueue: opts.maxQueue + opts.threads, // never reached: admission below refuses first
    atomics: 'disabled', // a task's thread is free between tasks for its MessagePort
    resourceLimits: { maxOldGenerationSizeMb: opts.maxMemoryMb, stackSizeMb: 8 },
  });
  const inFlight = new Set<InFlight>();
  // threads failing outside tasks, since a task last started: past a few, the waiting tasks fail instead of hanging
  let failuresInARow = 0;
  piscina.on('error', (e: unknown) => {
    onError(e instanceof Error ? e : new Error(String(e)));
    if (++failuresInARow < BROKEN_AFTER) return;
    for (const t of inFlight) {
      if (t.started || t.reason !== null) continue;
      t.reason = 'broken';
      t.controller.abort();
    }
  });
  let meanSeconds = 10; // running mean of task durations, for Retry-After
  const drainWaiters = new Set<() => void>();

  const load = (): PoolLoad => {
    let running = 0;
    for (const t of inFlight) if (t.started) running++;
    return { threads: opts.threads, running, queued: inFlight.size - running, capacity: opts.threads + opts.maxQueue };
  };

  const full = (): boolean => inFlight.size >= opts.threads + opts.maxQueue;

  const retryAfter = (): number => {
    const waves = Math.ceil((inFlight.size + 1) / opts.threads);
    return Math.min(300, Math.max(1, Math.ceil(meanSeconds * waves)));
  };

  const run = async (task: Input<T>, hooks: RunHooks): Promise<RunOutcome<O>> => {
    if (full()) return { kind: 'busy', retryAfter: retryAfter() };
    const entry: InFlight = { controller: new AbortController(), started: false, reason: null };
    const abort = (reason: AbortReason) => {
      if (entry.reason !== null) return;
      entry.reason = reason;
      entry.controller.abort();
    };
    if (hooks.signal?.aborted) return { kind: 'aborted', reason: 'cancelled' };
    const onCallerAbort = () => abort('cancelled');
    hooks.signal?.addEventListener('abort', onCallerAbort, { once: true });
    inFlight.add(entry);

    const { port1, port2 } = new MessageChannel();
    let killTimer: NodeJS.Timeout | undefined;
    let startedAt = 0;
    let finished = false;
    port1.on('message', (m: WorkerMessage) => {
      if (finished) return;
      if (m.type === 'started') {
        failuresInARow = 0;
        entry.started = true;
        startedAt = performance.now();
        killTimer = setTimeout(() => abort('overrun'), hooks.hardLimitMs);
        onTaskStart(load());
        hooks.onStart?.();
      } else if (m.type === 'progress') hooks.onProgress?.(m.stage, m.fraction, m.message);
    });
    try {
      const outcome = (await piscina.run({ ...task, port: port2 }, { transferList: [port2], signal: entry.controller.signal })) as O;
      const seconds = startedAt > 0 ? (performance.now() - startedAt) / 1000 : 0;
      meanSeconds = 0.8 * meanSeconds + 0.2 * seconds;
      return { kind: 'done', outcome, seconds };
    } catch (e) {
      if (entry.reason !== null) return { kind: 'aborted', reason: entry.reason };
      return { kind: 'crashed', error: e instanceof Error ? e : new Error(String(e)) };
    } finally {
      finished = true;
      clearTimeout(killTimer);
      port1.close();
      hooks.signal?.removeEventListener('abort', onCallerAbort);
      inFlight.delete(entry);
      if (inFlight.size === 0) for (const resolve of drainWaiters) resolve();
    }
  };

  const drain = async (graceMs: number): Promise<void> => {
    if (inFlight.size === 0) return;
    let done = () => {};
    const empty = new Promise<void>((resolve) => {
      done = resolve;
      drainWaiters.add(resolve);
    });
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'grace'>((resolve) => {
      timer = setTimeout(() => resolve('grace'), Math.max(0, graceMs));
    });
    const first = await Promise.race([empty, grace]);
    clearTimeout(timer);
    if (first === 'grace') {
      for (const t of inFlight) {
        t.reason ??= 'shutdown';
        t.controller.abort();
      }
      await empty;
    }
    drainWaiters.delete(done);
  };

  const close = async (): Promise<void> => {
    await piscina.destroy();
  };

  return { run, load, full, retryAfter, drain, close };
}
