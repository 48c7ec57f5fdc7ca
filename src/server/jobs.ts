// Long solves as jobs (POST /v1/jobs → 202 {id}; GET polls; DELETE cancels). The store is a bounded Map of
// plain records replaced on every change; finished jobs are kept for `ttlMs`, then forgotten, and the oldest
// finished ones go first when the store is full. A finished result is kept as the schedule's JSON text.
import { randomUUID } from 'node:crypto';
import type { JobStatus, JobView, ProblemDetails, Progress } from './schemas.js';

export type JobRecord = {
  readonly id: string;
  readonly status: JobStatus;
  readonly createdAt: number; // ms since epoch (timing fields only)
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly timeLimit: number;
  readonly progress: Progress | null;
  /** the schedule as JSON text, and the planner's status */
  readonly result?: { readonly status: string; readonly scheduleJson: string };
  readonly error?: ProblemDetails;
  readonly controller: AbortController;
};

export type JobStoreOptions = { readonly maxJobs: number; readonly ttlMs: number };

export type JobStore = {
  readonly create: (timeLimit: number) => JobRecord | null;
  readonly get: (id: string) => JobRecord | undefined;
  readonly update: (id: string, patch: Partial<Omit<JobRecord, 'id' | 'controller'>>) => JobRecord | undefined;
  readonly remove: (id: string) => void;
  readonly unfinished: () => readonly JobRecord[];
  readonly size: () => number;
};

export const isFinished = (status: JobStatus): boolean => status === 'done' || status === 'failed' || status === 'cancelled';

export function createJobStore(options: JobStoreOptions, now: () => number = Date.now): JobStore {
  const jobs = new Map<string, JobRecord>();

  // forget finished jobs past their time to live; when still full, the oldest finished ones
  const sweep = () => {
    const t = now();
    for (const [id, job] of jobs) if (isFinished(job.status) && t - (job.finishedAt ?? t) > options.ttlMs) jobs.delete(id);
    if (jobs.size < options.maxJobs) return;
    const finished = [...jobs.values()].filter((j) => isFinished(j.status)).sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0));
    for (const job of finished) {
      if (jobs.size < options.maxJobs) break;
      jobs.delete(job.id);
    }
  };

  return {
    create: (timeLimit) => {
      sweep();
      if (jobs.size >= options.maxJobs) return null;
      const job: JobRecord = { id: randomUUID(), status: 'queued', createdAt: now(), timeLimit, progress: null, controller: new AbortController() };
      jobs.set(job.id, job);
      return job;
    },
    get: (id) => jobs.get(id),
    update: (id, patch) => {
      const job = jobs.get(id);
      if (!job) return undefined;
      const next = { ...job, ...patch };
      jobs.set(id, next);
      return next;
    },
    remove: (id) => {
      jobs.delete(id);
    },
    unfinished: () => [...jobs.values()].filter((j) => !isFinished(j.status)),
    size: () => jobs.size,
  };
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The job as GET /v1/jobs/:id answers it, as JSON text (the stored schedule text is spliced in, never re-parsed). */
export function jobJson(job: JobRecord): string {
  const view: Omit<JobView, 'result'> = {
    id: job.id,
    status: job.status,
    createdAt: iso(job.createdAt)!,
    ...(job.startedAt !== undefined ? { startedAt: iso(job.startedAt) } : {}),
    ...(job.finishedAt !== undefined ? { finishedAt: iso(job.finishedAt) } : {}),
    timeLimit: job.timeLimit,
    progress: job.progress,
    ...(job.error ? { error: job.error } : {}),
  };
  const head = JSON.stringify(view);
  if (!job.result) return head;
  return `${head.slice(0, -1)},"result":{"status":${JSON.stringify(job.result.status)},"schedule":${job.result.scheduleJson}}}`;
}
