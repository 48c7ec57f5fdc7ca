// The producer side of the district queue: submits jobs (idempotently: the job id is the school's content hash),
// reads a job's state and result cheaply (a few hash fields, never the school's text), cancels, and keeps
// results for `keepSeconds` (BullMQ's removeOnComplete/removeOnFail age; a result past its time is treated as
// gone even before BullMQ's best-effort eviction runs). Used by `kehou serve --redis` (runner.ts) and `kehou batch`.
//
// Keys beside BullMQ's own (`bull:kehou:*`): `kehou:meta:<id>` (school, time limit, label: what a poll needs) and
// `kehou:cancelled:<id>` (a cancellation, which a worker checks before it starts the job); channel `kehou:cancel`
// tells running workers to stop a job now.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { redisConnection } from './connection.js';
import {
  jobIdOf,
  parseFailure,
  QUEUE_NAME,
  type JobProgress,
  type QueueJobData,
  type QueueJobMeta,
  type QueueJobResult,
  type QueueJobStatus,
} from './jobs.js';
import type { Verdict } from './verdict.js';

type JobStatus = QueueJobStatus;
type Progress = JobProgress;

export type ProducerOptions = {
  /** redis://host:port */
  readonly redis: string;
  /** seconds a finished job (its result or its failure) is kept; env KEHOU_RESULT_TTL; default 7 days */
  readonly keepSeconds?: number;
  /** tries of a job whose worker thread failed (a worker that died is retried by BullMQ's stalled-job check) */
  readonly attempts?: number;
  /** first pause before a retry, ms (then doubled each time) */
  readonly backoffMs?: number;
};

export const DEFAULT_PRODUCER_OPTIONS: Required<Omit<ProducerOptions, 'redis'>> = {
  keepSeconds: 7 * 24 * 3600,
  attempts: 3,
  backoffMs: 5000,
};

/** A job as the producer sees it (plain data; times in ms since the epoch). */
export type JobPeek = {
  readonly id: string;
  readonly status: JobStatus;
  readonly createdAt: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly timeLimit: number;
  readonly progress: Progress | null;
  /** done: the planner's status and the result as JSON text */
  readonly result?: { readonly status: string; readonly scheduleJson: string };
  /** failed: a stable code (docs/errors.md) and a Chinese detail */
  readonly failure?: { readonly code: string; readonly detail: string };
  readonly verdict?: Verdict;
  /** instance school.name */
  readonly school?: string;
  readonly label?: string;
  /** the worker that ran it (host:pid) */
  readonly worker?: string;
  readonly attemptsMade: number;
};

export type Cancelled = { readonly kind: 'cancelled'; readonly job: JobPeek } | { readonly kind: 'removed' } | { readonly kind: 'not-found' };

export type Producer = {
  readonly queue: Queue;
  readonly client: Redis;
  /** queues a checked body; an unchanged school answers with its job as it stands (failed or cancelled: queued anew) */
  readonly submit: (data: QueueJobData, meta: Omit<QueueJobMeta, 'createdAt'>, digest: string) => Promise<JobPeek>;
  readonly peek: (id: string) => Promise<JobPeek | undefined>;
  /** the state only (cheap: one script, no hash fields) */
  readonly status: (id: string) => Promise<JobStatus | undefined>;
  readonly cancel: (id: string) => Promise<Cancelled>;
  readonly close: () => Promise<void>;
};

export const CANCEL_CHANNEL = 'kehou:cancel';
export const metaKey = (id: string) => `kehou:meta:${id}`;
export const cancelKey = (id: string) => `kehou:cancelled:${id}`;

type StoredMeta = QueueJobMeta & { readonly createdAt: number };

const asNumber = (text: string | null): number | undefined => (text === null || text === '' ? undefined : Number(text));

function parseJson<T>(text: string | null): T | undefined {
  if (text === null || text === '') return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function statusOf(state: string): JobStatus | undefined {
  switch (state) {
    case 'completed':
      return 'done';
    case 'failed':
      return 'failed';
    case 'active':
      return 'running';
    case 'waiting':
    case 'waiting-children':
    case 'delayed':
    case 'prioritized':
      return 'queued';
    default:
      return undefined;
  }
}

export function createProducer(options: ProducerOptions): Producer {
  const opts = { ...DEFAULT_PRODUCER_OPTIONS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<ProducerOptions>;
  const client = redisConnection(opts.redis, 'producer');
  const queue = new Queue<QueueJobData, QueueJobResult>(QUEUE_NAME, { connection: client });
  const keepMs = opts.keepSeconds * 1000;

  const peek = async (id: string): Promise<JobPeek | undefined> => {
    const results = await client
      .multi()
      // BullMQ 6 keeps attemptsMade as `atm` and processedBy as `pb`
      .hmget(queue.toKey(id), 'timestamp', 'processedOn', 'finishedOn', 'progress', 'returnvalue', 'failedReason', 'atm', 'pb')
      .get(metaKey(id))
      .get(cancelKey(id))
      .exec();
    if (!results) return undefined;
    const [fields, metaText, cancelledAt] = results.map(([error, value]) => {
      if (error) throw error;
      return value;
    }) as [(string | null)[], string | null, string | null];
    const meta = parseJson<StoredMeta>(metaText);
    const [timestamp, processedOn, finishedOn, progressText, returnText, failedReason, attemptsText, processedBy] = fields;
    const state = await queue.getJobState(id);
    const base = {
      id,
      createdAt: asNumber(timestamp) ?? meta?.createdAt ?? Date.now(),
      timeLimit: meta?.timeLimit ?? 0,
      ...(meta?.school !== undefined ? { school: meta.school } : {}),
      ...(meta?.label !== undefined ? { label: meta.label } : {}),
      ...(asNumber(processedOn) !== undefined ? { startedAt: asNumber(processedOn) } : {}),
      ...(processedBy ? { worker: processedBy } : {}),
      attemptsMade: asNumber(attemptsText) ?? 0,
      progress: progressOf(progressText),
    };
    const status = statusOf(state);
    if (status === undefined) {
      // gone from BullMQ: a job cancelled while it waited (removed) is still reported as cancelled
      if (cancelledAt === null || !meta) return undefined;
      return { ...base, status: 'cancelled', finishedAt: Number(cancelledAt), progress: null };
    }
    const finished = asNumber(finishedOn);
    if ((status === 'done' || status === 'failed') && finished !== undefined && Date.now() - finished > keepMs) {
      await queue.remove(id).catch(() => 0); // past its time: gone, whatever BullMQ's eviction has done so far
      return undefined;
    }
    if (status === 'done') {
      const result = parseJson<QueueJobResult>(returnText);
      if (!result) return undefined;
      return {
        ...base,
        status,
        ...(finished !== undefined ? { finishedAt: finished } : {}),
        progress: { stage: 'done', fraction: 1 },
        result: { status: result.status, scheduleJson: result.json },
        verdict: result.verdict,
        worker: result.worker,
      };
    }
    if (status === 'failed') {
      const failure = parseFailure(failedReason ?? undefined);
      const at = finished !== undefined ? { finishedAt: finished } : {};
      if (failure.code === 'cancelled') return { ...base, status: 'cancelled', ...at };
      return { ...base, status, ...at, failure };
    }
    if (cancelledAt !== null) return { ...base, status: 'cancelled', finishedAt: Number(cancelledAt) };
    return { ...base, status };
  };

  const status = async (id: string): Promise<JobStatus | undefined> => statusOf(await queue.getJobState(id));

  const forget = async (id: string) => {
    await queue.remove(id).catch(() => 0);
    await client.del(metaKey(id), cancelKey(id));
  };

  const submit = async (data: QueueJobData, meta: Omit<QueueJobMeta, 'createdAt'>, digest: string): Promise<JobPeek> => {
    const id = jobIdOf(data.kind, digest, data.options);
    const known = await peek(id);
    if (known && known.status !== 'failed' && known.status !== 'cancelled') return known; // idempotent: queued, running or done
    if (known) await forget(id); // a failed or cancelled school, submitted again: plan it again
    const stored: StoredMeta = { ...meta, createdAt: Date.now() };
    await client.set(metaKey(id), JSON.stringify(stored), 'EX', opts.keepSeconds + 24 * 3600);
    await queue.add(data.kind, data, {
      jobId: id,
      attempts: opts.attempts,
      backoff: { type: 'exponential', delay: opts.backoffMs },
      removeOnComplete: { age: opts.keepSeconds },
      removeOnFail: { age: opts.keepSeconds },
    });
    return (await peek(id)) ?? { id, status: 'queued', createdAt: stored.createdAt, timeLimit: meta.timeLimit, progress: null, school: meta.school, attemptsMade: 0 };
  };

  const cancel = async (id: string): Promise<Cancelled> => {
    const job = await peek(id);
    if (!job) return { kind: 'not-found' };
    if (job.status === 'done' || job.status === 'failed' || job.status === 'cancelled') {
      await forget(id);
      return { kind: 'removed' };
    }
    const now = Date.now();
    await client.set(cancelKey(id), String(now), 'EX', opts.keepSeconds);
    // waiting: taken off the queue; running (locked: remove fails): its worker is told to stop it now
    if (job.status === 'queued') await queue.remove(id).catch(() => 0);
    await client.publish(CANCEL_CHANNEL, id);
    return { kind: 'cancelled', job: { ...job, status: 'cancelled', finishedAt: now } };
  };

  const close = async () => {
    await queue.close();
    client.disconnect();
  };

  return { queue, client, submit, peek, status, cancel, close };
}

function progressOf(text: string | null): Progress | null {
  const p = parseJson<Partial<Progress>>(text);
  if (!p || typeof p !== 'object' || typeof p.stage !== 'string' || typeof p.fraction !== 'number') return null;
  return { stage: p.stage, fraction: Math.min(1, Math.max(0, p.fraction)), ...(typeof p.message === 'string' ? { message: p.message } : {}) };
}
