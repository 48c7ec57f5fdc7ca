// Long solves as jobs (POST /v1/jobs → 202 {id}; GET polls; DELETE cancels). The store is a bounded Map of
// plain records replaced on every change; finished jobs are kept for `ttlMs`, then forgotten, and the oldest
// finished ones go first when the store holds too many jobs or too many bytes of results. A finished
// result is kept as the schedule's JSON text.
import { randomUUID } from 'node:crypto';
import type { Verdict } from './protocol.js';
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
  /** the school the job plans (instance school.name): what a tenant's token must allow */
  readonly school?: string;
  /** the independent checker's verdict on the result */
  readonly verdict?: Verdict;
  readonly controller: AbortController;
};

export type JobStoreOptions = {
  readonly maxJobs: number;
  readonly ttlMs: number;
  /** bytes (UTF-16 code units) of result text kept at most; the oldest finished results go first */
  readonly maxResultChars?: number;
};

export type JobStore = {
  readonly create: (timeLimit: number, school?: string) => JobRecord | null;
  readonly get: (id: string) => JobRecord | undefined;
  readonly update: (id: string, patch: Partial<Omit<JobRecord, 'id' | 'controller'>>) => JobRecord | undefined;
  readonly remove: (id: string) => void;
  readonly unfinished: () => readonly JobRecord[];
  readonly size: () => number;
};

export const isFinished = (status: JobStatus): boolean => status === 'done' || status === 'failed' || status === 'cancelled';

export function createJobStore(options: JobStoreOptions, now: () => number = Date.now): JobStore {
  const jobs = new Map<string, JobRecord>();
  const maxChars = options.maxResultChars ?? Infinity;
  const chars = (job: JobRecord | undefined) => job?.result?.scheduleJson.length ?? 0;
  let resultChars = 0;
  const drop = (id: string) => {
    resultChars -= chars(jobs.get(id));
    jobs.delete(id);
  };

  // forget finished jobs past their time to live; then the oldest finished ones while over a bound
  const sweep = (room: number) => {
    const t = now();
    for (const [id, job] of jobs) if (isFinished(job.status) && t - (job.finishedAt ?? t) > options.ttlMs) drop(id);
    const over = () => jobs.size + room > options.maxJobs || resultChars > maxChars;
    if (!over()) return;
    const finished = [...jobs.values()].filter((j) => isFinished(j.status)).sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0));
    for (const job of finished) {
      if (!over()) break;
      drop(job.id);
    }
  };

  return {
    create: (timeLimit, school) => {
      sweep(1);
      if (jobs.size >= options.maxJobs) return null;
      const job: JobRecord = {
        id: randomUUID(),
        status: 'queued',
        createdAt: now(),
        timeLimit,
        progress: null,
        ...(school !== undefined ? { school } : {}),
        controller: new AbortController(),
      };
      jobs.set(job.id, job);
      return job;
    },
    get: (id) => jobs.get(id),
    update: (id, patch) => {
      const job = jobs.get(id);
      if (!job) return undefined;
      const next = { ...job, ...patch };
      resultChars += chars(next) - chars(job);
      jobs.set(id, next);
      if (next.result && !job.result) sweep(0);
      return jobs.get(id);
    },
    remove: (id) => drop(id),
    unfinished: () => [...jobs.values()].filter((j) => !isFinished(j.status)),
    size: () => jobs.size,
  };
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The job as GET /v1/jobs/:id answers it, as JSON text (the stored schedule text is spliced in, never re-parsed). */
export function jobJson(job: Omit<JobRecord, 'controller'>): string {
  const view: Omit<JobView, 'result'> = {
    id: job.id,
    status: job.status,
    createdAt: iso(job.createdAt)!,
    ...(job.startedAt !== undefined ? { startedAt: iso(job.startedAt) } : {}),
    ...(job.finishedAt !== undefined ? { finishedAt: iso(job.finishedAt) } : {}),
    timeLimit: job.timeLimit,
    progress: job.progress,
    ...(job.error ? { error: job.error } : {}),
    ...(job.verdict ? { checked: { violations: job.verdict.violations, shortfalls: job.verdict.shortfalls, clubCost: job.verdict.clubCost } } : {}),
  };
  const head = JSON.stringify(view);
  if (!job.result) return head;
  return `${head.slice(0, -1)},"result":{"status":${JSON.stringify(job.result.status)},"schedule":${job.result.scheduleJson}}}`;
}
